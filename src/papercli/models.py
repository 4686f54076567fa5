"""The Paper record and the parsing of Hub-shaped JSON into it.

The Hub's shapes are data, not a contract we control: every field is optional until
proven present, every value may have the wrong type, and an item that lacks an id or a
title is skipped (and counted) rather than failing the whole listing.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, NamedTuple, TypeVar

from papercli.sanitize import clean_block, clean_line, quoted, strip_controls

DEFAULT_ENDPOINT = "https://huggingface.co"

# New-style arXiv ids (2401.01055) and old-style ones (hep-th/9901001, math.GT/0309136).
# ASCII digits only: `\d` also matches fullwidth, Arabic-Indic, mathematical... digits, and
# `２４０１.０１０５５` would be a look-alike paper beside the real one. Used with fullmatch
# (`$` alone would also match before a trailing newline).
_NEW_ID = re.compile(r"(?P<yymm>[0-9]{4})\.(?P<num>[0-9]{4,5})")
# arXiv numbered four digits after the dot until 2014 and five from 1501 on (five since
# 2015, 0704-1412 four): `2608.1988` is a digit short, no paper, and was taken as one.
# New-style ids begin in April 2007 (0704.0001); before, every id was old style.
_FIVE_DIGITS_FROM = "1501"
_NEW_STYLE_FROM = "0704"
_OLD_ID = re.compile(r"[a-z][a-z\-]*(?:\.[A-Z]{2})?/[0-9]{2}(?P<mm>[0-9]{2})[0-9]{3}")
_VERSION = re.compile(r"[vV][0-9]+\Z")
# An old-style id in any case (`HEP-TH/9901001`, `math.gt/0309136`), to be written as arXiv
# writes it: the archive in lower case, its subject class in upper.
_OLD_ANY_CASE = re.compile(r"(?P<arch>[a-z][a-z\-]*)(?P<cls>\.[a-z]{2})?/(?P<num>[0-9]{7})",
                           re.IGNORECASE)
_COUNT = re.compile(r"[0-9]+")  # a count given as text: ASCII digits only
_URL_ID = re.compile(
    r"^(?:(?i:https?)://)?(?:(?i:www)\.)?(?P<host>[^/\s]+)/(?:papers|abs|pdf|html|overview)/"
    r"(?P<id>[^?#\s]+?)(?:\.pdf)?/?(?:[?#].*)?$"
)
# arXiv's DOI for a paper (10.48550/arXiv.2401.01055), as citations and BibTeX give it: bare,
# `doi:`, or a doi.org link (the DOI's letters are any case: ARXIV, arxiv).
_DOI_ID = re.compile(
    r"(?i:(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:\s*)?10\.48550/arxiv\.)(?P<id>[^?#\s]+)"
)


class InvalidPaperId(ValueError):
    """The text given is not an arXiv id or a paper URL; `reason` says why when an id's
    shape alone does not (a digit missing), else it is empty."""

    def __init__(self, text: str, reason: str = "") -> None:
        super().__init__(text)
        self.reason = reason


def _new_id_problem(match: re.Match[str]) -> str:
    """Why a new-style id's shape names no paper arXiv can have given, or "" (none): its
    month (`2613.00001`: no month 13), its start (`0612.0001`: old-style ids then), the
    count of digits after the dot (as its month's ids have: four to 1412, then five)."""
    yymm = match["yymm"]
    if not _real_month(yymm[2:]):
        return f"there is no month {yymm[2:]} (an id begins YYMM)"
    if yymm < _NEW_STYLE_FROM:
        return "this form starts at 0704 (April 2007)"
    if (len(match["num"]) == 5) != (yymm >= _FIVE_DIGITS_FROM):
        return ("ids since 2015 have five digits after the dot" if yymm >= _FIVE_DIGITS_FROM
                else "ids before 2015 have four digits after the dot")
    return ""


def _real_month(mm: str) -> bool:
    """Whether two digits name a month (01-12): an id's YYMM, new or old style."""
    return "01" <= mm <= "12"


def id_month(paper_id: str) -> str | None:
    """`YYYY-MM`: the month an arXiv id begins with, its first version's (1412.6980:
    2014-12; hep-th/9901001: 1999-01, old-style ids ran from 1991 to 2007), or None for
    text that does not begin so. The paper's date as far as its id alone tells it."""
    old = "/" in paper_id
    digits = paper_id.rpartition("/")[2][:4]
    if not (len(digits) == 4 and digits.isascii() and digits.isdigit()
            and _real_month(digits[2:])):
        return None
    year = int(digits[:2]) + (1900 if old and digits[:2] >= "91" else 2000)
    return f"{year:04d}-{digits[2:]}"


def fits_id(day: str, paper_id: str) -> bool:
    """Whether `day` (`YYYY-MM-DD...`) can be the arXiv date of the paper `paper_id`: in
    the month its id begins with, or in the month before (a paper sent in after a month's
    last deadline has the next month's id: 2406.00042 was sent in on 2024-05-31). The Hub
    dates a paper it lists long after arXiv by the listing's day (2405.10009, "published"
    2026-03-17), and a reference manager's file may give a journal's date. True for an id
    that names no month (nothing to tell by)."""
    month = id_month(paper_id)
    if month is None:
        return True
    year, number = int(month[:4]), int(month[5:])
    before = f"{year - 1:04d}-12" if number == 1 else f"{year:04d}-{number - 1:02d}"
    return day[:7] in (month, before)


def _shape_problem(raw: str) -> str:
    """Why `raw`, shaped like an id, is none (`_new_id_problem`; an old-style id's month), or
    "" when it is one or is not shaped like one at all."""
    new = _NEW_ID.fullmatch(raw)
    if new:
        return _new_id_problem(new)
    old = _OLD_ID.fullmatch(raw)
    if old and not _real_month(old["mm"]):
        return f"there is no month {old['mm']} (the digits begin YYMM)"
    return ""


def _unwrapped(text: str) -> str:
    """The id of a DOI, a URL or an `arxiv:` id as typed, its version still on."""
    raw = text.strip()
    doi = _DOI_ID.fullmatch(raw)
    if doi:
        return doi.group("id")
    match = _URL_ID.match(raw)
    if "://" in raw or (match and "." in match.group("host")):
        if not match:
            raise InvalidPaperId(text)
        raw = match.group("id")
    if raw.lower().startswith("arxiv:"):
        raw = raw[len("arxiv:") :]
    return raw


def id_version(text: str) -> str:
    """The version an id was typed with (`2401.01055v2`, an arXiv URL's `…v2`) as arXiv
    writes it, "v2"; "" for none, or for what is no id. `normalize_id` drops it (a paper
    is one paper whatever its version), but `papers open --pdf` opens the one typed."""
    try:
        raw = _unwrapped(text)
    except InvalidPaperId:
        return ""
    found = _VERSION.search(raw)
    return found.group().lower() if found else ""


def normalize_id(text: str) -> str:
    """Accept `2401.01055`, `2401.01055v2`, `arxiv:2401.01055`, arXiv's DOI
    (`10.48550/arXiv.2401.01055`, `doi:…`, `https://doi.org/…`) and HF/arXiv URLs, with or
    without `https://` (`hf.co/papers/ID`, `export.arxiv.org/abs/ID`, as people paste them);
    old-style ids without their subject class (`math.GT/0309136` is `math/0309136`)."""
    raw = _VERSION.sub("", _unwrapped(text))
    old = _OLD_ANY_CASE.fullmatch(raw) if raw.isascii() else None
    if old:
        raw = f"{old['arch'].lower()}{(old['cls'] or '').upper()}/{old['num']}"
    if is_valid_id(raw):
        # An old-style id's subject class (math.GT/0309136) is no part of the paper's id:
        # arXiv answers, and its snapshot lists, math/0309136, the one the library keeps.
        archive, slash, number = raw.partition("/")
        if not slash:
            return raw
        if problem := old_id_problem(raw):  # (refused here, as a new-style id's month is)
            raise InvalidPaperId(text, problem)
        return f"{archive.partition('.')[0]}/{number}"
    raise InvalidPaperId(text, _shape_problem(raw) if raw.isascii() else "")


# The archives that prefixed old-style ids (1991 to March 2007): every archive of that
# time, the merged ones too (`sources.arxiv_taxonomy`'s archives, less those begun later:
# econ, eess, q-fin, stat). History, so a list: held here, where ids are read, and not
# asked of the taxonomy above (tests/test_ids.py checks the two agree).
OLD_ID_ARCHIVES: frozenset[str] = frozenset({
    "acc-phys", "adap-org", "alg-geom", "ao-sci", "astro-ph", "atom-ph", "bayes-an",
    "chao-dyn", "chem-ph", "cmp-lg", "comp-gas", "cond-mat", "cs", "dg-ga", "funct-an",
    "gr-qc", "hep-ex", "hep-lat", "hep-ph", "hep-th", "math", "math-ph", "mtrl-th", "nlin",
    "nucl-ex", "nucl-th", "patt-sol", "physics", "plasm-ph", "q-alg", "q-bio", "quant-ph",
    "solv-int", "supr-con"})


def old_id_problem(paper_id: str) -> str:
    """Why an old-style id of the right shape names no paper arXiv can have given, by
    arXiv's own rules, or "": an archive that gave none (`foo/`; `stat/`, begun in 2007)
    or a year outside 1991-2007, when they were given. `papers show hep-th/1501001 ID`
    asked arXiv nothing for it and said "not on the Hub: …, ID — try later" of both,
    where a new-style id's impossible month is refused, its reason said, before any
    lookup. The one home of the rule: arXiv's id parser (`sources.arxiv`) asks it too."""
    archive, _, number = paper_id.partition("/")
    archive = archive.partition(".")[0].lower()
    if archive not in OLD_ID_ARCHIVES:
        return f"no old-style id begins {archive}/"
    if "07" < number[:2] < "91":
        return "old-style ids ran from 1991 to 2007"
    return ""


def id_or_none(text: str) -> str | None:
    """`normalize_id`'s answer, or None for text that is no paper id: for the places that
    only ask whether a word is one (a word after a command, a line of a file)."""
    try:
        return normalize_id(text)
    except InvalidPaperId:
        return None


def is_valid_id(text: str) -> bool:
    """An arXiv id, new or old style, in ASCII (no look-alike digits, no version), whose
    month is a month and, new style, from 0704 on with as many digits after the dot as
    arXiv gave that month's ids (four to 1412, then five)."""
    if not text.isascii():
        return False
    if _NEW_ID.fullmatch(text) or _OLD_ID.fullmatch(text):
        return not _shape_problem(text)
    return False


def normalize_timestamp(value: object) -> str | None:
    """Any ISO 8601 timestamp (or date) as UTC `YYYY-MM-DDTHH:MM:SSZ`; junk gives None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if _is_utc_stamp(text):  # the Hub's own form: checked as a date, then cut, not re-made
        try:
            datetime.fromisoformat(text[:19])
            return text[:19] + "Z"
        except ValueError:
            return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        utc = parsed.astimezone(UTC)
    except (ValueError, OverflowError):  # junk, or a year 9999 date pushed past the range
        return None
    # A year before 1000 is junk too, as the fast path has it: strftime wrote year 1 as
    # "1-01-01T…", stored, then read back as a damaged record in every listing.
    return utc.strftime("%Y-%m-%dT%H:%M:%SZ") if utc.year >= 1000 else None


def _is_utc_stamp(text: str) -> bool:
    """`YYYY-MM-DDTHH:MM:SS[.fff]Z` in ASCII digits, a year from 1000 (import's hot path)."""
    n = len(text)
    return ((n == 20 or (n > 21 and text[19] == "." and text[20:-1].isdigit()))
            and text[-1] == "Z" and text[10] == "T" and text.isascii()
            and "1" <= text[0] <= "9")


# The longest author name kept (the search index holds each whole, folded: db/textindex).
MAX_NAME = 300
# What the day arXiv announced a paper is called where it stands for v1's date
# (`Paper.date_label`): one word in every view.
ANNOUNCED = "Announced"
MAX_COUNT = 2**62  # SQLite integers are 64-bit; a count beyond this is junk anyway


def _as_int(value: object) -> int:
    """A count: non-negative, finite, within SQLite's range; anything else is 0."""
    number: int
    if isinstance(value, bool):
        number = int(value)
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and math.isfinite(value):
        number = int(value)
    elif isinstance(value, str) and _COUNT.fullmatch(value.strip()):
        number = int(value.strip()[:20])
    else:
        return 0
    return min(max(number, 0), MAX_COUNT)


def _as_stars(value: object) -> int | None:
    """A star count, or None when the source has none (0 is a real count)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) or (isinstance(value, str)
                                           and _COUNT.fullmatch(value.strip())):
        return _as_int(value)
    return None


def _as_url(value: object) -> str | None:
    """A web link, repaired the way the Hub damages them: surrounding spaces, and a line
    break inside (`https://github.com/user/\nrepo`, one piece after a slash: the wrap is
    dropped) or before extra text (`https://github.com/user/repo\nsee ...`: dropped)."""
    if not isinstance(value, str):
        return None
    parts = strip_controls(value[:4000]).split()
    if not parts:
        return None
    text = parts[0]
    if len(parts) == 2 and text.endswith("/") and parts[1][0].isalnum():
        text += parts[1]  # a URL wrapped after a slash: user/\nrepo
    text = clean_line(text, max_len=2000)
    if text.startswith(("https://", "http://")) and len(text) > len("https://"):
        return text
    return None


# A Hub account name, as in huggingface.co/<name>: ASCII letters, digits, `-`, `_`, `.`.
ACCOUNT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,95}")

Account = tuple[str, str, str]  # (byline name, account name or "", display name or "")


def _authors(value: object) -> tuple[str, ...]:
    """The byline names alone (a list of names, or the Hub's author objects)."""
    return _authors_and_accounts(value)[0]


def _authors_and_accounts(value: object) -> tuple[tuple[str, ...], tuple[Account, ...]]:
    """The byline names, and the Hub account of each author linked to one: its name
    (`heminglan`, searched by `--author` and shown as @heminglan) and its display name when
    that is another name than the byline (`兰鹤鸣` for "Heming Lan"), else ""."""
    names: list[str] = []
    accounts: list[Account] = []
    if not isinstance(value, list):
        return (), ()
    for author in value:
        user: object = None
        if type(author) is dict or isinstance(author, Mapping):
            if author.get("hidden") is True:
                continue  # the Hub hides it from its own page: so do we
            name = author.get("name")
            user = author.get("user")
            if (not isinstance(name, str) or not name.strip()) and isinstance(user, Mapping):
                # The name as the paper gives it is the one shown (and searched); the
                # account's display name only stands in when that is missing or blank.
                name = user.get("fullname")
        else:
            name = author
        if type(name) is str and 0 < len(name) <= MAX_NAME and name.isprintable() and (
                name[0] != " " != name[-1] and "  " not in name):
            names.append(name)  # already clean: no control, no run of spaces (hot path)
        elif isinstance(name, str):
            cleaned = clean_line(name, max_len=MAX_NAME)
            if not cleaned:
                continue
            names.append(cleaned)
        else:
            continue
        if isinstance(user, Mapping):
            account = _account(names[-1], user)
            if account is not None:
                accounts.append(account)
        if len(names) >= 5000:
            break
    return tuple(names), tuple(accounts)


def _account(name: str, user: Mapping[str, Any]) -> Account | None:
    """One author's Hub account as stored beside the byline `name`; None without one
    worth keeping (no valid account name and no other display name)."""
    handle = user.get("user")
    handle = handle if isinstance(handle, str) and ACCOUNT.fullmatch(handle) else ""
    fullname = user.get("fullname")
    shown = clean_line(fullname, max_len=MAX_NAME) if isinstance(fullname, str) else ""
    if shown.casefold() == name.casefold():
        shown = ""
    return (name, handle, shown) if handle or shown else None


def _keywords(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    words = [clean_line(v, max_len=200) for v in value if isinstance(v, str)]
    return tuple([w for w in words if w][:100])


# Value types on the start-up path are NamedTuples, not dataclasses: importing
# `dataclasses` (which imports `inspect`, `ast`, `dis`...) costs ~25 ms per command start.
class Paper(NamedTuple):
    """One paper record, immutable: list-like fields are tuples (JSON arrays in to_dict)."""

    id: str
    title: str
    summary: str = ""
    authors: tuple[str, ...] = ()
    published_at: str | None = None
    submitted_at: str | None = None
    upvotes: int = 0
    comments: int = 0
    github_repo: str | None = None
    project_page: str | None = None
    ai_summary: str | None = None
    ai_keywords: tuple[str, ...] = ()
    families: tuple[str, ...] = ()
    # Added in schema 4 (issue 10); at the end, with defaults, so older code still builds
    # Papers positionally and star snapshots from before still load.
    github_stars: int | None = None
    submitter: str | None = None  # the Hub username that put it on Daily Papers
    withdrawn_at: str | None = None
    thumbnail: str | None = None
    org_name: str | None = None  # the organization's Hub name ("google") ...
    org_fullname: str | None = None  # ... and display name ("Google")
    # False when the source has no comment count (`/api/papers/{id}`): the store keeps
    # the count it knows instead of taking this record's 0.
    comments_known: bool = True
    # Added in schema 6 (issue 21): what arXiv says of the paper, and which sources have
    # seen it ("hf": the Hub, "arxiv"). A record built from Hub data is the Hub's.
    categories: tuple[str, ...] = ()
    primary_category: str | None = None
    version: int | None = None  # the arXiv version described (updated_at is its date)
    updated_at: str | None = None
    comment: str | None = None  # the authors' arXiv comment ("12 pages, 3 figures")
    journal_ref: str | None = None
    doi: str | None = None
    sources: tuple[str, ...] = ("hf",)
    # Added in schema 7 (issue 25): how many models, datasets and Spaces on the Hub link
    # to the paper. None is "not known yet" (only the paper page says), never zero.
    num_models: int | None = None
    num_datasets: int | None = None
    num_spaces: int | None = None
    # Added in schema 15: the Hub account of each author linked to one (`Account`), so
    # `--author heminglan` or `--author 兰鹤鸣` finds the paper of "Heming Lan".
    author_accounts: tuple[Account, ...] = ()

    @property
    def on_hub(self) -> bool:
        """Whether the Hub has listed it, so that its upvotes and comments are counts (an
        arXiv-only or imported paper's 0 means "not known", not "nobody")."""
        return "hf" in self.sources

    @property
    def has_hub_page(self) -> bool:
        """Whether its Hugging Face page is worth linking: the Hub listed it (an arXiv-only
        paper's page is a 404 or an empty stub), and never for an old-style id."""
        return self.on_hub and "/" not in self.id

    @property
    def cited_date(self) -> str | None:
        """The date a citation gives (BibTeX, RIS, CSL-JSON): the arXiv date, else the
        day the Hub listed it, else the month its id begins with (`id_month`): a replaced
        paper seen only in arXiv's RSS has no date of its own, and was cited undated. A
        day the id rules out (`fits_id`: the Hub's listing day of a paper of two years
        before) is not cited: the id's month is (a citation said 2026 for a 2024 paper,
        and `papers import` read it back as the id's month)."""
        for day in (self.published_at, self.submitted_at):
            if day and fits_id(day, self.id):
                return day
        return id_month(self.id) or self.published_at or self.submitted_at

    @property
    def shown_date(self) -> str:
        """The arXiv date every view shows (the listing's arXiv column, `show`, the
        browser's pane, Markdown, HTML, feeds): v1's day, else the month its id begins
        with (`YYYY-MM`, as `cited_date` cites it; v1's month too, so never wrong, only
        less precise): a replaced paper seen only in arXiv's RSS has no date of its own,
        and was shown undated. A month is 7 characters, a day 10; "" when neither."""
        return (self.published_at or "")[:10] or id_month(self.id) or ""

    @property
    def dated_by_announcement(self) -> bool:
        """Whether `published_at` is the day arXiv announced the paper, not v1's date:
        a new paper seen only in arXiv's RSS, which gives no other (`from_arxiv`), days
        after it was sent in across a weekend. The API and the snapshot give the version's
        date too (`updated_at`), and the Hub v1's own date: either makes it v1's."""
        return (self.sources == ("arxiv",) and self.updated_at is None
                and self.published_at is not None)

    @property
    def date_label(self) -> str:
        """What the date `shown_date` shows is called, the one word for it in every
        view (`show` and the browser's pane, a table's legend, Markdown, HTML, feeds):
        "Announced" for the day arXiv announced the paper (`dated_by_announcement`),
        else "arXiv" (v1's date, or its month). The announcement's day was said "arXiv"
        in documents, as v1's is, though days after it was sent in across a weekend."""
        return ANNOUNCED if self.dated_by_announcement else "arXiv"

    @property
    def newest_key(self) -> str:
        """What newest-first orders sort by (`--sort new`, ties of the others): the date
        `shown_date` shows, v1's time, else the month its id begins with ("2024-06",
        which sorts below every day of June and above May's: a paper a file dated only
        to its month sorts among its month, where it had sorted below every dated
        paper), else the day the Hub listed it. The month is never shown as a day.
        `db.schema.newest` is this in SQL."""
        return self.published_at or id_month(self.id) or self.submitted_at or ""

    @property
    def shown_days(self) -> tuple[str, str] | None:
        """The first and last day `shown_date` stands for (a day: itself; a month: its
        first and last), None when it shows none: what `--since` and `--until` read
        (`criteria`), so a paper shown as 2026-08 is in `--since 2026-08-20` and in
        `--until 2026-08-01`, its month reaching into either; they read its listing day
        instead, and one with neither date was in no range at all."""
        day = (self.published_at or "")[:10]
        if day:
            return day, day
        month = id_month(self.id)
        if month is None:
            return None
        last = calendar.monthrange(int(month[:4]), int(month[5:]))[1]
        return f"{month}-01", f"{month}-{last:02d}"

    @property
    def arxiv_url(self) -> str:
        return f"https://arxiv.org/abs/{self.id}"

    @property
    def pdf_url(self) -> str:
        return f"https://arxiv.org/pdf/{self.id}"

    def hf_url(self, endpoint: str = DEFAULT_ENDPOINT) -> str:
        return f"{endpoint.rstrip('/')}/papers/{self.id}"

    def page_url(self, endpoint: str = DEFAULT_ENDPOINT) -> str:
        """The paper's own page: the Hugging Face one when the Hub has listed it, else
        arXiv's abstract (a Hub page of a paper only arXiv knows is a 404 or a stub)."""
        return self.hf_url(endpoint) if self.has_hub_page else self.arxiv_url

    def links(self, endpoint: str = DEFAULT_ENDPOINT) -> list[tuple[str, str]]:
        """(label, URL) of each page the paper has, in the order a panel lists them
        (`show`, the browser's reading pane); a Hugging Face page only when the Hub has
        listed the paper (an arXiv-only one may have none, an old-style id never has)."""
        return [(label, url) for label, url in (
            ("HF", self.hf_url(endpoint) if self.has_hub_page else None),
            ("arXiv", self.arxiv_url), ("PDF", self.pdf_url),
            ("Code", self.github_repo), ("Project", self.project_page)) if url]

    @property
    def date(self) -> str:
        """The day a person would file this paper under: arXiv date, else listing date."""
        return (self.published_at or self.submitted_at or "")[:10]

    @property
    def organization(self) -> dict[str, str | None] | None:
        if not self.org_name and not self.org_fullname:
            return None
        return {"name": self.org_name, "fullname": self.org_fullname}

    @property
    def withdrawn(self) -> bool:
        return bool(self.withdrawn_at)

    def with_families(self, families: Iterable[str]) -> Paper:
        return self._replace(families=tuple(families))

    def to_dict(self, endpoint: str = DEFAULT_ENDPOINT) -> dict[str, Any]:
        """The stable JSON contract (see README, "JSON output"). Upvotes and comments are
        null for a paper the Hub has not listed: its 0 there is "not known", which a 0
        in JSON or CSV passed off as a count (the table says "—")."""
        hub = self.on_hub
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "authors": list(self.authors),
            "published_at": self.published_at,
            "submitted_at": self.submitted_at,
            "upvotes": self.upvotes if hub else None,
            "comments": self.comments if hub else None,
            "families": list(self.families),
            "url": self.page_url(endpoint),
            "arxiv_url": self.arxiv_url,
            "pdf_url": self.pdf_url,
            "github_repo": self.github_repo,
            "project_page": self.project_page,
            "ai_summary": self.ai_summary,
            "ai_keywords": list(self.ai_keywords),
            "organization": self.organization,
            "github_stars": self.github_stars,
            "submitter": self.submitter,
            "withdrawn_at": self.withdrawn_at,
            "thumbnail": self.thumbnail,
            "categories": list(self.categories),
            "primary_category": self.primary_category,
            "version": self.version,
            "updated_at": self.updated_at,
            "comment": self.comment,
            "journal_ref": self.journal_ref,
            "doi": self.doi,
            "sources": list(self.sources),
            "num_models": self.num_models,
            "num_datasets": self.num_datasets,
            "num_spaces": self.num_spaces,
            "author_accounts": [{"name": name, "user": user or None, "fullname": shown or None}
                                for name, user, shown in self.author_accounts],
            # `published_at` is the day arXiv announced it, not v1's: what `show` says as
            # "Announced DATE" and a table marks (`dated_by_announcement`). Always a
            # boolean, last so that no field moves; derived, so `papers import` reads
            # none (the record's own `sources` and `updated_at` say it again)
            "announced": self.dated_by_announcement,
        }


SOURCES = ("arxiv", "hf")  # every source a record can come from, as stored (sorted)


def from_arxiv(entry: Any) -> Paper:
    """An `ArxivEntry` (API, RSS or snapshot) as a library record of source "arxiv".

    Its date is v1's (the API's and the snapshot's `published`), else the announcement
    day (RSS gives only that) of a new paper: a replacement's announcement is the day of
    its new version (`updated_at`), not the paper's. Never a Daily Papers listing time."""
    replaced = (entry.announce_type or "").startswith("replace")
    return Paper(
        id=entry.id,
        title=entry.title,
        summary=entry.abstract,
        authors=tuple(entry.authors),
        published_at=entry.published or (None if replaced else entry.announced),
        comments_known=False,
        categories=tuple(entry.categories),
        primary_category=entry.primary_category,
        version=entry.version,
        updated_at=entry.updated_at or (entry.announced if replaced else None),
        comment=entry.comment,
        journal_ref=entry.journal_ref,
        doi=entry.doi,
        sources=("arxiv",),
    )


class SkippedItem(ValueError):
    """An item that cannot become a Paper (no id, no title, not an object)."""


def _text(value: object, max_len: int) -> str:
    """A one-line string field; anything that is not a string is no value (never a repr)."""
    return clean_line(value, max_len) if isinstance(value, str) else ""


def _organization(*sources: object) -> tuple[str | None, str | None]:
    for source in sources:
        if isinstance(source, Mapping):
            name = _text(source.get("name"), 200) or None
            fullname = _text(source.get("fullname"), 300) or None
            if name or fullname:
                return name, fullname
    return None, None


def _submitter(item: Mapping[str, Any] | None, paper: Mapping[str, Any]) -> str | None:
    """Item `submittedBy.name`, else paper `submittedOnDailyBy.user` (the same person)."""
    by = item.get("submittedBy") if item is not None else None
    if isinstance(by, Mapping):
        name = _text(by.get("name"), 200) or _text(by.get("user"), 200)
        if name:
            return name
    by = paper.get("submittedOnDailyBy")
    if isinstance(by, Mapping):
        return _text(by.get("user"), 200) or _text(by.get("name"), 200) or None
    return None


def listing_time(item: Mapping[str, Any] | None, paper: Mapping[str, Any]) -> str | None:
    """When the paper was put on Daily Papers: `paper.submittedOnDailyAt` (2025-03 on), else
    the item's `publishedAt`, which meant the listing time until then. Since 2025-03 the
    item's `publishedAt` is the arXiv time minus 4-5 h, so one earlier than the arXiv time
    is never taken for a listing time."""
    listed = normalize_timestamp(paper.get("submittedOnDailyAt"))
    if listed or item is None:
        return listed
    listed = normalize_timestamp(item.get("publishedAt"))
    arxiv = normalize_timestamp(paper.get("publishedAt"))
    if listed and arxiv and listed < arxiv:
        return None
    return listed


def item_id(raw_id: object) -> str:
    """An item's paper id, normalised; SkippedItem saying why when it has none."""
    if not isinstance(raw_id, str) or not raw_id.strip():
        raise SkippedItem("missing id")
    try:
        return normalize_id(clean_line(raw_id, max_len=64))
    except InvalidPaperId as error:
        why = f" ({error.reason})" if error.reason else \
            "" if raw_id.isascii() else " (an id's digits are ASCII 0-9)"
        raise SkippedItem(f"bad id {quoted(raw_id, 64)}{why}") from None


def parse_item(raw: object) -> Paper:
    """One daily-papers item (wrapping `paper`) or one bare paper object."""
    if not isinstance(raw, Mapping):
        raise SkippedItem("not an object")
    inner = raw.get("paper")
    wrapped = isinstance(inner, Mapping)
    item: Mapping[str, Any] | None = raw if wrapped else None
    paper: Mapping[str, Any] = inner if isinstance(inner, Mapping) else raw

    paper_id = item_id(paper.get("id"))
    # arXiv's hard line breaks are folded (clean_line), so paper and item titles agree.
    title = _text(paper.get("title"), 1000) or (_text(item.get("title"), 1000) if item else "")
    if not title:
        raise SkippedItem(f"{paper_id}: missing title")

    summary_raw = paper.get("summary")
    if not isinstance(summary_raw, str) and item is not None:
        summary_raw = item.get("summary")
    # The Hub's abstract is arXiv's, its paragraphs marked by an indented line.
    summary = clean_block(summary_raw, indents=True) if isinstance(summary_raw, str) else ""
    published = normalize_timestamp(paper.get("publishedAt"))
    submitted = listing_time(item, paper)
    comments = item.get("numComments") if item is not None else None
    if comments is None:
        comments = paper.get("numComments")
    ai_summary = clean_block(paper.get("ai_summary"), max_len=5000) if isinstance(
        paper.get("ai_summary"), str) else ""
    org_name, org_fullname = _organization(
        item.get("organization") if item is not None else None, paper.get("organization"))
    withdrawn = paper.get("withdrawnAt")
    if withdrawn is None and item is not None:
        withdrawn = item.get("withdrawnAt")
    authors, accounts = _authors_and_accounts(paper.get("authors"))
    return Paper(
        id=paper_id,
        title=title,
        summary=summary,
        authors=authors,
        published_at=published or submitted,
        submitted_at=submitted,
        upvotes=_as_int(paper.get("upvotes")),
        comments=_as_int(comments),
        github_repo=_as_url(paper.get("githubRepo")),
        project_page=_as_url(paper.get("projectPage")),
        ai_summary=ai_summary or None,
        ai_keywords=_keywords(paper.get("ai_keywords")),
        github_stars=_as_stars(paper.get("githubStars")),
        submitter=_submitter(item, paper),
        withdrawn_at=normalize_timestamp(withdrawn),
        thumbnail=_as_url(item.get("thumbnail")) if item is not None else None,
        org_name=org_name,
        org_fullname=org_fullname,
        comments_known=comments is not None,
        num_models=_as_stars(paper.get("numTotalModels")),
        num_datasets=_as_stars(paper.get("numTotalDatasets")),
        num_spaces=_as_stars(paper.get("numTotalSpaces")),
        author_accounts=accounts,
    )


class Parsed(NamedTuple):
    papers: list[Paper]
    skipped: int = 0
    reasons: tuple[str, ...] = ()  # the first few, for a warning
    # (paper id, listing day) of every good item, duplicates included: a paper listed on
    # two days of one month is one Paper but two placements.
    placements: tuple[tuple[str, str], ...] = ()


def listed_after(paper: Paper, other: Paper) -> bool | None:
    """Whether `paper` is the record of a later Daily Papers listing than `other`, a
    record of the same paper (Daily Papers lists a few papers on two days, each listing
    with its own upvotes and comments): None when either says no listing time, or both
    the same (then the newer fetch's is kept). The later listing's record is the one
    kept, whatever order the records come in; the library's upsert says the same in SQL
    (`db.store._KEPT`)."""
    return listed_later(paper.submitted_at, other.submitted_at)


def listed_later(listed: str | None, other: str | None) -> bool | None:
    """`listed_after` of two listing times (`submitted_at`)."""
    if not listed or not other or listed == other:
        return None
    return listed > other


def keep_later(papers: list[Paper], at: dict[str, int], paper: Paper) -> bool:
    """Put `paper` in `papers` (`at`: each id's index there): appended if new, or in
    place of the record there if it is a later listing's (`listed_after`); whether it
    was new. An answer listing a paper on two days keeps its first place."""
    where = at.get(paper.id)
    if where is None:
        at[paper.id] = len(papers)
        papers.append(paper)
        return True
    if listed_after(paper, papers[where]):
        papers[where] = paper
    return False


def parse_items(items: Iterable[object]) -> Parsed:
    """Parse a list, keeping order, dropping duplicates (a paper listed twice: the later
    listing's record, `keep_later`) and bad items (counted)."""
    papers: list[Paper] = []
    skipped = 0
    reasons: list[str] = []
    at: dict[str, int] = {}
    placements: list[tuple[str, str]] = []
    for raw in items:
        paper, reason = parse_one(raw)
        if paper is None:
            skipped += 1
            if len(reasons) < 20:
                reasons.append(reason)
            continue
        if paper.submitted_at:
            placements.append((paper.id, paper.submitted_at[:10]))
        keep_later(papers, at, paper)
    return Parsed(papers, skipped, tuple(reasons), tuple(placements))


def parse_one(raw: object) -> tuple[Paper | None, str]:
    """(paper, "") or (None, why it was skipped): one item never fails a whole list."""
    return guarded(parse_item, raw)


T = TypeVar("T")


def guarded(parse: Callable[[object], T], raw: object) -> tuple[T | None, str]:
    """(parse(raw), "") or (None, why it was skipped), whatever parser reads the item."""
    try:
        return parse(raw), ""
    except SkippedItem as exc:
        return None, str(exc)
    except (ArithmeticError, ValueError, TypeError, AttributeError, KeyError,
            RecursionError) as exc:
        # A field parser tripped in a way nobody foresaw: one bad item, not a bad list.
        return None, f"unreadable item ({exc})"[:200]
