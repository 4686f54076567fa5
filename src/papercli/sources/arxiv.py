"""arXiv's three shapes, parsed into one record: the API's Atom, the RSS announcement feed
and a line of the bulk metadata snapshot; plus the URLs we ask the API and RSS for.

Why defusedxml over ElementTree, not feedparser: a feed is untrusted input, and what we
need from the parser is (1) no entity expansion and no external entities or DTDs, proven
by the library rather than by the Python or expat version we happen to run on, and (2) a
truncated or malformed document that *fails*, so that it changes nothing. defusedxml
refuses any DOCTYPE outright (`forbid_dtd=True`; arXiv never sends one), so a billion
laughs or an external entity is rejected before a single entity is declared, let alone
expanded or fetched. feedparser gives neither guarantee cleanly: its safety against
billion laughs rests on the bundled expat's amplification limit, and on malformed XML it
sets `bozo` and falls back to a lenient parser that returns whatever it salvaged from a
cut-off feed, which would store half a page as if it were whole. It also flattens
namespaced elements into guessed keys (`arxiv_primary_category`) that differ between the
API's and the RSS feed's spellings. Namespaces here are matched by local name within a
known set of URIs, so `http` and `https` spellings of arXiv's schema both work.

Every entry is validated where it enters: an entry without a usable id or title is
skipped and counted, never aborting the page; titles become one clean line and abstracts
clean paragraphs (the API hard-wraps both, and marks an abstract's paragraphs by indenting
their first line); text loses control characters; links are kept only when they
are http(s) URLs on arxiv.org, otherwise built from the id. Ids are new-style
(`2401.01055`, 4 digits before 2015) or old-style (`hep-th/9901001`, with an optional
subject class that is dropped: `math.GT/0309136` is `math/0309136`), ASCII digits only.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote_plus, urlencode, urlsplit

from papercli.errors import ConfigError, PapersError, UsageError, quoting_shorter
from papercli.models import MAX_NAME, is_valid_id, normalize_timestamp, old_id_problem
from papercli.sanitize import clean_block, clean_line, quoted
from papercli.sources import arxiv_taxonomy as taxonomy

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

DEFAULT_API_ENDPOINT = "https://export.arxiv.org/api/query"
DEFAULT_RSS_ENDPOINT = "https://rss.arxiv.org/rss"
API_ENV = "ARXIV_API_ENDPOINT"
RSS_ENV = "ARXIV_RSS_ENDPOINT"

ANNOUNCE_TYPES = ("new", "cross", "replace", "replace-cross")
SORT_BY = ("relevance", "lastUpdatedDate", "submittedDate")
SORT_ORDER = ("ascending", "descending")
MAX_RESULTS = 2000  # the most the API gives in one call (User's Manual, 3.1.1)

MAX_TITLE = 2000
MAX_ABSTRACT = 20000
MAX_FIELD = 2000
MAX_AUTHORS = 5000  # collaborations sign with thousands; beyond this is junk
MAX_SNAPSHOT_LINE = 4 * 2**20  # one paper's JSON; a longer line is skipped, not parsed
MAX_PROBLEMS = 20  # reasons kept for skipped entries (the count is exact)

_ATOM = frozenset({"http://www.w3.org/2005/Atom"})
_ARXIV = frozenset({"http://arxiv.org/schemas/atom", "https://arxiv.org/schemas/atom"})
_OPENSEARCH = frozenset({
    "http://a9.com/-/spec/opensearch/1.1/", "https://a9.com/-/spec/opensearch/1.1/",
})
_DC = frozenset({"http://purl.org/dc/elements/1.1/"})
_NONE: frozenset[str] = frozenset({""})  # RSS 2.0's own elements have no namespace

# Ids: ASCII only ([0-9], never \d, which also matches other scripts' digits).
_NEW_ID = re.compile(r"(?P<yymm>[0-9]{4})\.(?P<num>[0-9]{4,5})(?:v(?P<v>[0-9]{1,4}))?")
_OLD_ID = re.compile(
    r"(?P<arch>[a-z]+(?:-[a-z]+)?)(?:\.(?P<sub>[A-Za-z]{2}))?/"
    r"(?P<yymm>[0-9]{4})(?P<num>[0-9]{3})(?:v(?P<v>[0-9]{1,4}))?"
)
# An arXiv category's shape; the API also lists ACM and MSC classes (`I.2.7`, `68T05`)
# as categories, which are not arXiv's and are left out.
_CATEGORY = re.compile(r"[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[a-z]+)?)?")
_RSS_LEAD = re.compile(
    r"\s*arXiv:(?P<id>\S+)\s+Announce Type:\s*(?P<type>[A-Za-z-]+)\s*(?:Abstract:)?\s*",
)


class ArxivError(PapersError):
    """arXiv answered with an error feed (`…/api/errors#…`): its message, quoted. The hint
    names what the query was made of: the API's queries of a listing or a sync are of
    categories and dates (a lookup of ids says its own); the announcements' of
    categories alone. "check the ids, categories and dates given" was said of a sync,
    which gives no ids."""

    def __init__(self, message: str, what: str = "categories and dates") -> None:
        super().__init__(f"arXiv refused the query: {message}",
                         hint=f"check the {what} given")
        self.arxiv_message = message
        # (arXiv's words are what matter, and they can be long: a terminal wraps them)
        self.shorter = [(f"arXiv refused: {message}", f"check the {what}")]


class ArxivParseError(PapersError):
    """arXiv's answer could not be read as a whole; nothing from it may be stored.

    `broken`: the answer was empty or not well-formed XML (cut off on the way, most
    likely), a slip worth asking again; a web page or a DTD is what that server sends.
    `gist`: it in a few words, for the warning over a cached copy shown instead."""

    def __init__(self, message: str, *, broken: bool = False,
                 gist: str = "arXiv sent a bad feed") -> None:
        super().__init__(message, hint="try again later; nothing was stored")
        self.broken = broken
        self.gist = gist


class InvalidArxivId(ValueError):
    """Text that is not an arXiv id (or an arxiv.org abs/pdf URL)."""


@dataclass(frozen=True, slots=True)
class ArxivEntry:
    """One paper as one of arXiv's sources describes it.

    Timestamps are UTC `YYYY-MM-DDTHH:MM:SSZ` strings like the rest of the library.
    `published` is v1's date (the API's and the snapshot's); the RSS feed does not give
    it, only `announced`, the day of this announcement. `updated_at` is the date of the
    version described (`version`).
    """

    id: str
    version: int | None
    title: str
    abstract: str
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    primary_category: str | None
    published: str | None
    updated_at: str | None
    abs_url: str
    pdf_url: str
    comment: str | None = None
    journal_ref: str | None = None
    doi: str | None = None
    announce_type: str | None = None
    announced: str | None = None
    report_no: str | None = None
    license: str | None = None

    @property
    def versioned_id(self) -> str:
        return format_id(self.id, self.version)


@dataclass
class Skips:
    """Entries left out of a page or a file: counted exactly, a few reasons kept."""

    count: int = 0
    reasons: list[str] = field(default_factory=list)

    def add(self, reason: str) -> None:
        self.count += 1
        if len(self.reasons) < MAX_PROBLEMS:
            self.reasons.append(reason)


@dataclass(frozen=True, slots=True)
class ArxivFeed:
    """One parsed answer: the entries (each paper once) and what the feed says of itself.

    API pages carry OpenSearch's `total_results`, `start_index` and `items_per_page`
    (None when absent); RSS feeds carry `skip_days` and the announcement's `announced`.
    An RSS feed with no entries (but a date or skipDays) is the weekend or holiday feed,
    not an error.
    """

    kind: str  # "api" or "rss"
    entries: tuple[ArxivEntry, ...]
    skipped: int = 0
    problems: tuple[str, ...] = ()
    duplicates: int = 0
    total_results: int | None = None
    start_index: int | None = None
    items_per_page: int | None = None
    skip_days: tuple[str, ...] = ()
    announced: str | None = None
    title: str = ""


# -- ids ------------------------------------------------------------------------------


def parse_id(text: str) -> tuple[str, int | None]:
    """`2401.01055v2` -> ("2401.01055", 2); also `arXiv:` prefixes and arxiv.org abs/pdf
    URLs (http or https, with `.pdf`), old-style ids (`hep-th/9901001v1`)."""
    raw = text.strip()
    if "://" in raw:
        parts = urlsplit(raw)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not (
            host == "arxiv.org" or host.endswith(".arxiv.org")
        ):
            raise InvalidArxivId(text)
        path = parts.path
        for prefix in ("/abs/", "/pdf/"):
            if path.startswith(prefix):
                raw = path[len(prefix):].removesuffix("/").removesuffix(".pdf")
                break
        else:
            raise InvalidArxivId(text)
    elif raw[:6].lower() == "arxiv:":
        raw = raw[6:]
    match = _NEW_ID.fullmatch(raw)
    if match:
        pid = f"{match['yymm']}.{match['num']}"
        if not is_valid_id(pid):  # the month, 0704 on, the count of digits: models' rules
            raise InvalidArxivId(text)
    else:
        match = _OLD_ID.fullmatch(raw)
        if not match:
            raise InvalidArxivId(text)
        pid = f"{match['arch']}/{match['yymm']}{match['num']}"
        # models' rules (the month), then arXiv's own: a known archive, 1991 to 2007.
        if not is_valid_id(pid) or old_id_problem(pid):
            raise InvalidArxivId(text)
    version = int(match["v"]) if match["v"] else None
    if version == 0:
        raise InvalidArxivId(text)
    return pid, version


def format_id(pid: str, version: int | None = None) -> str:
    return f"{pid}v{version}" if version else pid


def abs_url(pid: str, version: int | None = None) -> str:
    return f"https://arxiv.org/abs/{format_id(pid, version)}"


def pdf_url(pid: str, version: int | None = None) -> str:
    return f"https://arxiv.org/pdf/{format_id(pid, version)}"


def _arxiv_link(href: str | None) -> str | None:
    """A served link, kept only if it is an http(s) URL on arxiv.org."""
    if not href:
        return None
    href = href.strip()
    if len(href) > 500 or any(c.isspace() or ord(c) < 32 for c in href):
        return None
    parts = urlsplit(href)
    host = (parts.hostname or "").lower()
    if parts.scheme in ("http", "https") and (host == "arxiv.org" or host.endswith(".arxiv.org")):
        return href
    return None


# -- endpoints and query URLs --------------------------------------------------------


def _endpoint(env: Mapping[str, str] | None, name: str, default: str) -> str:
    value = (os.environ if env is None else env).get(name, "").strip()
    if not value:
        return default
    try:
        parts = urlsplit(value)
        web = parts.scheme in ("http", "https") and bool(parts.netloc)
    except ValueError:  # "http://[x": "Invalid IPv6 URL" (an unexpected error before)
        web = False
    if not web:
        # Said as HF_ENDPOINT's and every setting's bad value is (exit 1, "got"): it was
        # a usage error, "not 'ftp://x'", and 126 columns with arXiv's own address.
        said = f"{name} must be an http(s) URL, got {{}}"
        if "@" in value:  # user:pass@ never reaches a message, whole or cut short
            from papercli.secrets import strip_credentials

            value = strip_credentials(value)
        error = ConfigError(said.format(quoted(value, 200)), hint=f"unset it to use {default}")
        error.shorter = [(said.format(quoted(value, 200)), "fix or unset it"),
                         *quoting_shorter(said.format, value, None)]
        raise error
    return value.rstrip("/")


def api_endpoint(env: Mapping[str, str] | None = None) -> str:
    """The API's query URL: `ARXIV_API_ENDPOINT` if set, else arXiv's own."""
    return _endpoint(env, API_ENV, DEFAULT_API_ENDPOINT)


def rss_endpoint(env: Mapping[str, str] | None = None) -> str:
    """The RSS base URL: `ARXIV_RSS_ENDPOINT` if set, else arXiv's own."""
    return _endpoint(env, RSS_ENV, DEFAULT_RSS_ENDPOINT)


def rss_url(base: str, categories: Iterable[str]) -> str:
    """`{base}/cs.CL+cs.CV`: one request for every category, each paper listed once."""
    names = taxonomy.validate(categories)
    if not names:
        raise UsageError("no arXiv category given", hint="name one, e.g. cs.CL")
    return f"{base.rstrip('/')}/{'+'.join(names)}"


def category_term(categories: Iterable[str]) -> str:
    """`cat:` terms OR-ed: `(cat:cs.CL OR cat:cs.CV)`.

    An archive with categories under it (`cs`) is spelled out as each of its categories
    plus the bare archive (old papers carry `astro-ph` or `cond-mat` alone): the User's
    Manual documents no wildcard for `cat:`, so none is relied on.
    """
    terms: list[str] = []
    for name in taxonomy.validate(categories):
        names = [name]
        if taxonomy.is_archive(name):
            names += [c for c in taxonomy.CATEGORIES if taxonomy.archive_of(c) == name]
        terms += [f"cat:{n}" for n in names if f"cat:{n}" not in terms]
    if not terms:
        raise UsageError("no arXiv category given", hint="name one, e.g. cs.CL")
    return terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")"


def _stamp(value: date | datetime, end: bool) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.strftime("%Y%m%d%H%M")
    return value.strftime("%Y%m%d") + ("2359" if end else "0000")


def submitted_term(first: date | datetime, last: date | datetime) -> str:
    """`submittedDate:[YYYYMMDDHHMM TO YYYYMMDDHHMM]` in GMT, as the API wants it; dates
    cover whole days (00:00 to 23:59), datetimes are taken as given (UTC)."""
    low, high = _stamp(first, end=False), _stamp(last, end=True)
    if low > high:
        raise UsageError(f"the date range ends ({last}) before it starts ({first})")
    return f"submittedDate:[{low} TO {high}]"


def api_query_url(
    base: str,
    *,
    categories: Iterable[str] = (),
    submitted: tuple[date | datetime, date | datetime] | None = None,
    id_list: Iterable[str] = (),
    start: int = 0,
    max_results: int = 100,
    sort_by: str | None = "submittedDate",
    sort_order: str = "descending",
) -> str:
    """The API URL for categories (OR-ed) within submission dates and/or ids, one page.

    `id_list` entries are validated and sent canonically (versions kept). Sorting is
    left out for a pure `id_list` query when `sort_by` is None.
    """
    terms = []
    cats = list(categories)
    if cats:
        terms.append(category_term(cats))
    if submitted is not None:
        terms.append(submitted_term(*submitted))
    ids = []
    for text in id_list:
        try:
            ids.append(format_id(*parse_id(text)))
        except InvalidArxivId:
            raise UsageError(f"not an arXiv id: {quoted(text, 100)}") from None
    if not terms and not ids:
        raise UsageError("an arXiv API query needs categories, dates or ids")
    if start < 0:
        raise UsageError(f"start must be 0 or more, not {start}")
    if not 1 <= max_results <= MAX_RESULTS:
        raise UsageError(f"max_results must be between 1 and {MAX_RESULTS}, not {max_results}")
    params: list[tuple[str, str]] = []
    if terms:
        params.append(("search_query", " AND ".join(terms)))
    if ids:
        params.append(("id_list", ",".join(ids)))
    params += [("start", str(start)), ("max_results", str(max_results))]
    if sort_by is not None:
        if sort_by not in SORT_BY or sort_order not in SORT_ORDER:
            raise UsageError(f"cannot sort arXiv results by {sort_by!r} {sort_order!r}")
        params += [("sortBy", sort_by), ("sortOrder", sort_order)]
    query = urlencode(params, quote_via=quote_plus, safe=":*,")
    return f"{base.rstrip('/')}?{query}"


# -- XML ------------------------------------------------------------------------------


def _parse_xml(data: bytes | str, what: str) -> Element:
    """The document's root, or `ArxivParseError`: malformed, truncated, or declaring a
    DTD (billion laughs, external entities), which is refused before anything is read."""
    import xml.etree.ElementTree as ET

    import defusedxml  # type: ignore[import-untyped, unused-ignore]
    import defusedxml.ElementTree as SafeET  # type: ignore[import-untyped, unused-ignore]

    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data.strip():
        raise ArxivParseError(f"arXiv's {what} was empty", broken=True,
                              gist="arXiv's feed was empty")
    page = _web_page(data)
    if page is not None:
        titled = f" ({quoted(page, 80)})" if page else ""
        error = ArxivParseError(
            f"arXiv's {what} is a web page{titled}, not a feed: arXiv may be down for "
            "maintenance, or something between you and arXiv answered",
            gist="arXiv sent a web page")
        # (214 to 225 columns with a maintenance page's title: PAPERS_DEBUG says it whole)
        error.shorter = [(f"arXiv's {what} is a web page{titled}, not a feed", "try again later"),
                         (f"arXiv's {what} is a web page, not a feed", "try again later")]
        raise error
    try:
        root: Element = SafeET.fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except defusedxml.DefusedXmlException as exc:
        error = ArxivParseError(
            f"arXiv's {what} was refused: it declares a DTD or entities, which arXiv never "
            f"sends ({type(exc).__name__})", gist="arXiv's feed declared a DTD")
        # (152 to 163 columns, the parser's name for it in them)
        error.shorter = [(f"arXiv's {what} declares a DTD, which arXiv never sends",
                          "try again later"),
                         (f"arXiv's {what} declares a DTD: refused", "try again later")]
        raise error from None
    except ET.ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":")[0]
        if exc.code in _ended_early():
            error = ArxivParseError(
                f"arXiv's {what} was cut off: its XML stops part-way ({reason} at line "
                f"{line}, column {column})", broken=True, gist="arXiv's feed was cut off")
            # (the parser's place in the answer is for PAPERS_DEBUG=1)
            error.shorter = [(f"arXiv's {what} was cut off", error.hint),
                             (f"arXiv's {what} was cut off", "try again later")]
        else:
            error = ArxivParseError(
                f"arXiv's {what} is not well-formed XML ({reason} at line {line}, column "
                f"{column})", broken=True, gist="arXiv's feed was malformed")
            # (the parser's place in the answer is for PAPERS_DEBUG=1)
            error.shorter = [(f"arXiv's {what} is not well-formed XML ({reason})",
                              error.hint),
                             (f"arXiv's {what} is not well-formed XML", error.hint),
                             (f"arXiv's {what} is malformed", "try again later")]
        raise error from None
    return root


def _ended_early() -> frozenset[int]:
    """expat's codes for a document that stops part-way (the parser met the end of the
    input inside an element, a tag, a reference or a CDATA section, or before any
    element), as opposed to one that is wrong where it stands (a mismatched tag, a bad
    byte): the first is a download cut off, the second what the server sent."""
    from xml.parsers.expat import errors

    names = ("XML_ERROR_NO_ELEMENTS", "XML_ERROR_UNCLOSED_TOKEN", "XML_ERROR_PARTIAL_CHAR",
             "XML_ERROR_UNCLOSED_CDATA_SECTION")
    return frozenset(errors.codes[getattr(errors, name)] for name in names)

_HTML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]{0,200}\?>\s*)?"
    rb"(?:<!--(?:(?!-->).){0,2000}-->\s*){0,20}<(?:!doctype\s+html|html)[\s>]",
    re.IGNORECASE | re.DOTALL)
_HTML_TITLE = re.compile(rb"<title[^>]{0,200}>(.{0,2000}?)</title", re.IGNORECASE | re.DOTALL)


def _web_page(data: bytes) -> str | None:
    """The title ("" if none) of an HTML page sent where a feed was due (a maintenance
    page, a proxy's or captive portal's, with status 200), or None for anything else.
    Told apart before parsing: its `<!DOCTYPE html>` read as a refused DTD, and HTML that
    is not XML as a feed "cut off"."""
    head = data[:65536]
    if not _HTML_START.match(head):
        return None
    import html

    found = _HTML_TITLE.search(head)
    if not found:
        return ""
    return clean_line(html.unescape(found.group(1).decode("utf-8", "replace")), 200)


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        uri, _, local = tag[1:].partition("}")
        return uri, local
    return "", tag


def _children(el: Element, spaces: frozenset[str], local: str) -> Iterator[Element]:
    for child in el:  # the parser keeps no comments or PIs: every tag is a str
        uri, name = _split(child.tag)
        if name == local and uri in spaces:
            yield child


def _child(el: Element, spaces: frozenset[str], local: str) -> Element | None:
    return next(_children(el, spaces, local), None)


def _text(el: Element | None) -> str:
    return "" if el is None else "".join(el.itertext())


def _line(el: Element | None, max_len: int = MAX_FIELD) -> str | None:
    text = clean_line(_text(el), max_len)
    return text or None


def _int(el: Element | None, name: str, what: str) -> int | None:
    if el is None:
        return None
    text = _text(el).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 12:
        raise ArxivParseError(f"arXiv's {what} gave {name} {clean_line(text, 40)!r}, not a count")
    return int(text)


def _categories(terms: Iterable[str], primary: str | None) -> tuple[tuple[str, ...], str | None]:
    """Known categories in canonical spelling, each once, primary first; others kept as
    given if they look like arXiv's (a legacy `chao-dyn`), ACM/MSC classes dropped."""
    out: list[str] = []
    for term in terms:
        term = term.strip()
        if not _CATEGORY.fullmatch(term) or len(term) > 40:
            continue
        name = taxonomy.canonical(term) or term
        if name not in out:
            out.append(name)
    if primary:
        primary = primary.strip()
        primary = taxonomy.canonical(primary) or (
            primary if _CATEGORY.fullmatch(primary) and len(primary) <= 40 else None
        )
    if primary:
        if primary in out:
            out.remove(primary)
        out.insert(0, primary)
    elif out:
        primary = out[0]
    return tuple(out), primary


def _authors(names: Iterable[str]) -> tuple[str, ...]:
    out = []
    for name in names:
        cleaned = clean_line(name, MAX_NAME)
        if cleaned:
            out.append(cleaned)
        if len(out) >= MAX_AUTHORS:
            break
    return tuple(out)


def _rfc822(text: str | None) -> str | None:
    """An RFC 822 date (`Mon, 15 Jan 2024 00:00:00 -0500`) as UTC, None if junk."""
    if not text or not text.strip():
        return None
    try:
        parsed = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError):
        return None


class _Skip(ValueError):
    """An entry that cannot become a record; its message says why."""


# -- the API's Atom -------------------------------------------------------------------


def _each_once(elements: Iterable[Element], parse: Callable[[Element], ArxivEntry],
               what: str) -> tuple[list[ArxivEntry], Skips, int]:
    """Each element parsed into an entry, a bad one skipped and counted (`what n: why`),
    a paper seen twice kept once: (entries, skips, duplicates)."""
    skips = Skips()
    out: list[ArxivEntry] = []
    seen: set[str] = set()
    duplicates = 0
    for n, element in enumerate(elements, 1):
        try:
            parsed = parse(element)
        except _Skip as exc:
            skips.add(f"{what} {n}: {exc}")
            continue
        if parsed.id in seen:
            duplicates += 1
            continue
        seen.add(parsed.id)
        out.append(parsed)
    return out, skips, duplicates


def parse_api(data: bytes | str) -> ArxivFeed:
    """One page of the API's Atom answer.

    Raises `ArxivError` for an error feed (an entry whose id is `…/api/errors#…`) and
    `ArxivParseError` for anything that is not a whole Atom feed. Bad entries are
    skipped and counted in the result.
    """
    what = "API answer"
    root = _parse_xml(data, what)
    if _split(root.tag) != ("http://www.w3.org/2005/Atom", "feed"):
        raise ArxivParseError(f"arXiv's {what} is not an Atom feed (<{_split(root.tag)[1]}>)")
    entries = list(_children(root, _ATOM, "entry"))
    for entry in entries:
        eid = _text(_child(entry, _ATOM, "id")).strip()
        if "/api/errors" in eid:
            message = (clean_line(_text(_child(entry, _ATOM, "summary")), 300)
                       or clean_line(eid.rpartition("#")[2].replace("_", " "), 300)
                       or "no reason given")
            raise ArxivError(message)
    total = _int(_child(root, _OPENSEARCH, "totalResults"), "totalResults", what)
    start = _int(_child(root, _OPENSEARCH, "startIndex"), "startIndex", what)
    per_page = _int(_child(root, _OPENSEARCH, "itemsPerPage"), "itemsPerPage", what)
    out, skips, duplicates = _each_once(entries, _api_entry, "entry")
    return ArxivFeed(
        kind="api", entries=tuple(out), skipped=skips.count, problems=tuple(skips.reasons),
        duplicates=duplicates, total_results=total, start_index=start,
        items_per_page=per_page, title=clean_line(_text(_child(root, _ATOM, "title")), 300),
    )


def _api_entry(entry: Element) -> ArxivEntry:
    raw_id = _text(_child(entry, _ATOM, "id")).strip()
    try:
        pid, version = parse_id(raw_id)
    except InvalidArxivId:
        raise _Skip(f"id {clean_line(raw_id, 80)!r} is not an arXiv id") from None
    title = clean_line(_text(_child(entry, _ATOM, "title")), MAX_TITLE)
    if not title:
        raise _Skip(f"{pid} has no title")
    names = (_text(_child(a, _ATOM, "name")) for a in _children(entry, _ATOM, "author"))
    primary_el = _child(entry, _ARXIV, "primary_category")
    categories, primary = _categories(
        (c.get("term") or "" for c in _children(entry, _ATOM, "category")),
        primary_el.get("term") if primary_el is not None else None,
    )
    abs_link = pdf_link = None
    for link in _children(entry, _ATOM, "link"):
        href = _arxiv_link(link.get("href"))
        if href is None:
            continue
        if link.get("title") == "pdf" or link.get("type") == "application/pdf":
            pdf_link = pdf_link or href
        elif link.get("rel", "alternate") == "alternate" and "/abs/" in href:
            abs_link = abs_link or href
    return ArxivEntry(
        id=pid,
        version=version,
        title=title,
        abstract=clean_block(_text(_child(entry, _ATOM, "summary")), MAX_ABSTRACT,
                             indents=True),
        authors=_authors(names),
        categories=categories,
        primary_category=primary,
        published=normalize_timestamp(_text(_child(entry, _ATOM, "published"))),
        updated_at=normalize_timestamp(_text(_child(entry, _ATOM, "updated"))),
        abs_url=abs_link or abs_url(pid, version),
        pdf_url=pdf_link or pdf_url(pid, version),
        comment=_line(_child(entry, _ARXIV, "comment")),
        journal_ref=_line(_child(entry, _ARXIV, "journal_ref")),
        doi=_line(_child(entry, _ARXIV, "doi"), 500),
    )


# -- the RSS announcement feed -------------------------------------------------------


def parse_rss(data: bytes | str) -> ArxivFeed:
    """The RSS 2.0 announcement feed of one or more categories (`cs.CL+cs.CV`).

    An empty channel is the weekend or holiday feed (its `skipDays` are reported), when
    it says so: one with neither a date nor `skipDays` is no feed of arXiv's.
    Raises `ArxivParseError` for anything that is not a whole RSS 2.0 document.
    """
    what = "RSS feed"
    root = _parse_xml(data, what)
    if _split(root.tag) != ("", "rss"):
        raise ArxivParseError(f"arXiv's {what} is not RSS (<{_split(root.tag)[1]}>)")
    channel = _child(root, _NONE, "channel")
    if channel is None:
        raise ArxivParseError(f"arXiv's {what} has no channel")
    skip_days: list[str] = []
    skip = _child(channel, _NONE, "skipDays")
    if skip is not None:
        for day in _children(skip, _NONE, "day"):
            name = clean_line(_text(day), 20)
            if name:
                skip_days.append(name)
    announced = _rfc822(_text(_child(channel, _NONE, "pubDate"))) or _rfc822(
        _text(_child(channel, _NONE, "lastBuildDate"))
    )
    out, skips, duplicates = _each_once(
        _children(channel, _NONE, "item"), lambda item: _rss_item(item, announced), "item")
    if not (out or skips.count or duplicates or announced or skip_days):
        # arXiv's feed of a day without an announcement still has its pubDate and
        # skipDays; a bare channel says nothing of any day, and kept, it replaced the
        # cached announcement with an empty "weekend" one.
        error = ArxivParseError(
            f"arXiv's {what} holds no items and no date (no pubDate, lastBuildDate or "
            "skipDays), so it is not an announcement", gist="arXiv's feed had no date")
        error.shorter = [(f"arXiv's {what} is empty and undated", error.hint),
                         (f"arXiv's {what} is empty and undated", "try again later")]
        raise error
    return ArxivFeed(
        kind="rss", entries=tuple(out), skipped=skips.count, problems=tuple(skips.reasons),
        duplicates=duplicates, skip_days=tuple(skip_days), announced=announced,
        title=clean_line(_text(_child(channel, _NONE, "title")), 300),
    )


def _rss_item(item: Element, announced: str | None) -> ArxivEntry:
    description = _text(_child(item, _NONE, "description"))
    lead = _RSS_LEAD.match(description)
    candidates = []
    kind: str | None = None
    if lead:
        candidates.append(lead["id"])
        kind = lead["type"].lower()
        description = description[lead.end():]
    guid = _text(_child(item, _NONE, "guid")).strip()
    if guid.startswith("oai:arXiv.org:"):
        candidates.append(guid[len("oai:arXiv.org:"):])
    candidates.append(_text(_child(item, _NONE, "link")).strip())
    pid: str | None = None
    version: int | None = None
    for text in candidates:
        try:
            found, found_version = parse_id(text)
        except InvalidArxivId:
            continue
        if pid is None:
            pid = found
        if found == pid and version is None:
            version = found_version
    if pid is None:
        raise _Skip(f"no arXiv id in {clean_line(candidates[0], 80)!r}")
    title = clean_line(_text(_child(item, _NONE, "title")), MAX_TITLE)
    if not title:
        raise _Skip(f"{pid} has no title")
    element_type = _line(_child(item, _ARXIV, "announce_type"), 40)
    kind = (element_type or kind or "").lower() or None
    if kind not in ANNOUNCE_TYPES:
        kind = None
    creators = ",".join(_text(c) for c in _children(item, _DC, "creator"))  # "A, B, and C"
    names = (re.sub(r"^and\s+", "", n.strip()) for n in creators.split(","))
    # RSS does not mark the primary category; arXiv lists the paper's categories in
    # their own order, primary first, so the first is taken for it.
    categories, primary = _categories(
        (_text(c) for c in _children(item, _NONE, "category")), None
    )
    item_date = _rfc822(_text(_child(item, _NONE, "pubDate"))) or announced
    return ArxivEntry(
        id=pid,
        version=version,
        title=title,
        abstract=clean_block(description, MAX_ABSTRACT, indents=True),
        authors=_authors(names),
        categories=categories,
        primary_category=primary,
        published=None,
        updated_at=None,
        abs_url=_arxiv_link(_text(_child(item, _NONE, "link"))) or abs_url(pid),
        pdf_url=pdf_url(pid, version),
        comment=None,
        journal_ref=_line(_child(item, _ARXIV, "journal_reference")),
        doi=_line(_child(item, _ARXIV, "DOI"), 500),
        announce_type=kind,
        announced=item_date,
        license=_line(_child(item, _DC, "rights"), 300),
    )


# -- the bulk metadata snapshot -------------------------------------------------------


def parse_snapshot_line(line: bytes | str) -> ArxivEntry:
    """One line of `arxiv-metadata-oai-snapshot.json`; `ValueError` says why it is bad."""
    if len(line) > MAX_SNAPSHOT_LINE:
        raise ValueError("line too long")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:  # (its class name was the reason: "JSONDecodeError")
        why = exc.msg[:1].lower() + exc.msg[1:].removesuffix(" at")  # ("… starting at")
        raise ValueError(f"not JSON ({why} at column {exc.colno:,})") from None
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except (ValueError, RecursionError):
        raise ValueError("not JSON (nested too deep, or a number too long)") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    raw_id = record.get("id")
    if isinstance(raw_id, (int, float)) and not isinstance(raw_id, bool):
        # arXiv writes every id as text; a dump re-written by a tool that read the ids as
        # numbers (pandas does) has 704.001 for 0704.0010: its lost zeros cannot be told
        # back, so the line is refused, not guessed at.
        raise ValueError(f"id is a number, not text ({clean_line(json.dumps(raw_id), 40)}"
                         ": an id read as a number loses its zeros)")
    if raw_id is None:
        raise ValueError("no id")
    if not isinstance(raw_id, str):
        raise ValueError("id is not text")
    try:
        pid, _ = parse_id(raw_id)
    except InvalidArxivId:
        raise ValueError(f"id {clean_line(raw_id, 80)!r} is not an arXiv id") from None
    title = clean_line(_str(record.get("title")), MAX_TITLE)
    if not title:
        raise ValueError(f"{pid} has no title")
    version: int | None = None
    first_date = last_date = None
    versions = record.get("versions")
    if isinstance(versions, list):
        stamps: list[tuple[int, str | None]] = []
        for v in versions:
            if not isinstance(v, dict):
                continue
            label = v.get("version")
            if isinstance(label, str) and re.fullmatch(r"v[0-9]{1,4}", label):
                stamps.append((int(label[1:]), _snapshot_date(_str(v.get("created")))))
        if stamps:
            stamps.sort()
            version = stamps[-1][0]
            first_date, last_date = stamps[0][1], stamps[-1][1]
    update_date = normalize_timestamp(_str(record.get("update_date")) or None)
    categories, primary = _categories(_str(record.get("categories")).split(), None)
    return ArxivEntry(
        id=pid,
        version=version,
        title=title,
        abstract=clean_block(_str(record.get("abstract")), MAX_ABSTRACT, indents=True),
        authors=_clean_authors(_snapshot_authors(record)),
        categories=categories,
        primary_category=primary,
        published=first_date,
        updated_at=last_date or update_date,
        abs_url=abs_url(pid),
        pdf_url=pdf_url(pid, version),
        comment=clean_line(_str(record.get("comments")), MAX_FIELD) or None,
        journal_ref=clean_line(_str(record.get("journal-ref")), MAX_FIELD) or None,
        doi=clean_line(_str(record.get("doi")), 500) or None,
        report_no=clean_line(_str(record.get("report-no")), MAX_FIELD) or None,
        license=clean_line(_str(record.get("license")), 300) or None,
    )


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


_GMT = re.compile(r"(?:[A-Z][a-z]{2}, )?([0-9]{1,2}) ([A-Z][a-z]{2}) ([0-9]{4}) "
                  r"([0-9]{2}):([0-9]{2}):([0-9]{2}) GMT")
_MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
                                       "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}


def _snapshot_date(text: str) -> str | None:
    """A version's `created` date: the snapshot's own form (`Mon, 2 Apr 2007 19:18:42
    GMT`) read directly, anything else as any RFC 822 date (`_rfc822`)."""
    m = _GMT.fullmatch(text)
    month = _MONTHS.get(m.group(2)) if m else None
    if m is None or month is None or m.group(3) < "1000":
        return _rfc822(text)
    day, year, hour, minute, second = (int(m.group(i)) for i in (1, 3, 4, 5, 6))
    try:
        datetime(year, month, day, hour, minute, second)  # a real date and time
    except ValueError:
        return _rfc822(text)
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}Z"


def _clean_authors(names: list[str]) -> tuple[str, ...]:
    """`_authors`, with names already clean (printable, single spaces, the common case)
    kept as they are rather than cleaned again."""
    if len(names) <= MAX_AUTHORS and all(
            n and n.isprintable() and len(n) <= MAX_NAME and "  " not in n
            and n[0] != " " != n[-1] for n in names):
        return tuple(names)
    return _authors(names)


def _snapshot_authors(record: dict[str, Any]) -> list[str]:
    """`authors_parsed` ([last, first, suffix]) as "First Last Suffix"; the free-text
    `authors` split on commas and "and" when that is missing or junk."""
    parsed = record.get("authors_parsed")
    out: list[str] = []
    if isinstance(parsed, list):
        for person in parsed:
            if not isinstance(person, list):
                continue
            parts = [p.strip() for p in person if isinstance(p, str)]
            while len(parts) < 3:
                parts.append("")
            last, first, suffix = parts[:3]
            name = " ".join(p for p in (first, last, suffix) if p)
            if name:
                out.append(name)
    if out:
        return out
    text = _str(record.get("authors"))
    pieces = re.split(r",|\band\b", text)
    return [p for p in (clean_line(x, 300) for x in pieces) if p]


def iter_snapshot(lines: Iterable[bytes | str], skips: Skips | None = None) -> Iterator[ArxivEntry]:
    """The entries of a snapshot file, streamed; bad lines are counted in `skips`."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield parse_snapshot_line(line)
        except ValueError as exc:
            if skips is not None:
                skips.add(f"line {n}: {exc}")
