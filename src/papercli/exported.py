"""papercli's own JSON and JSON Lines export read back by `papers import`.

An export is the stable contract of `Paper.to_dict` (snake_case: `published_at`,
`arxiv_url`, `sources`), where the Hub's API is camelCase (`publishedAt`, `githubRepo`),
so an item is recognised by its keys, whatever the file is called. Read as the Hub's
shape it would lose its dates, links and counts; read as arXiv's snapshot (its
`categories` key) it would become an arXiv paper. So it has a parser of its own, which
keeps every field the library stores, the sources it came from included.

The file is untrusted all the same: each field is checked as the Hub's are
(models.parse_item: controls stripped, text bounded), and arXiv's fields as the library's
reader checks them (db/records), bounded as arXiv's parser bounds them. A field of the
wrong type or shape is dropped and named (`Record.bad`); an item without an id or title
is skipped. `families`, `url`, `arxiv_url`, `pdf_url` and `announced` are derived, so
not read.

The user's own fields an export adds (`tags`, `note`, `starred_at`, `read_at`, `hidden`:
cli/export.py) come back too: tags through the path a reference manager's keywords take
(bibimport.tag_papers), a note only where the paper has none (`restore`, as a CSL-JSON or
RIS export's note), so no note is ever overwritten; a star and a read mark at the time the
file gives (none later than now), where the paper has none of its own; `hidden` (true)
hides the paper again. Stars made in the same second come back in the order `papers
starred` showed them: by `starred_order` (the star's place in that list, which an export
and `papers starred --json` give), else in the file's order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from papercli.bibimport import NoteCounts
from papercli.db.records import CATEGORY, SOURCE, short_text
from papercli.models import (
    MAX_COUNT,
    MAX_NAME,
    Account,
    Paper,
    SkippedItem,
    _account,
    _as_url,
    _authors,
    _keywords,
    _organization,
    _text,
    item_id,
    normalize_timestamp,
)
from papercli.sanitize import clean_block, clean_line

if TYPE_CHECKING:
    from papercli.db.userdb import UserDB
    from papercli.session import Session

# Keys of Paper.to_dict that the Hub's items and paper objects never have; the Hub's own
# keys mark an item as the Hub's even beside them.
OWN_KEYS = ("arxiv_url", "pdf_url", "published_at", "submitted_at", "sources")
HUB_KEYS = ("paper", "publishedAt", "submittedOnDailyAt")
MAX_TITLE = 2000  # arXiv's titles may be longer than the Hub's (sources.arxiv.MAX_TITLE)
MAX_FIELD = 2000  # an arXiv comment or journal reference (sources.arxiv.MAX_FIELD)
MAX_TAGS = 200  # tags read from one record
MAX_ORDER = 10**9  # a star's place in `papers starred` (starred_order)
MAX_KEPT = 100_000  # restored stars an import keeps in mind (for those of a later batch)
# A record's bad fields are named in the contract's order, then the user's fields.
_YOURS = ("starred_at", "starred_order", "read_at", "hidden", "tags", "note")
_ORDER = {name: n for n, name in enumerate((*Paper("", "").to_dict(), *_YOURS, "listed_on"))}


def is_record(raw: object) -> bool:
    """Whether an item is papercli's own export record rather than the Hub's shape."""
    return (isinstance(raw, Mapping) and any(key in raw for key in OWN_KEYS)
            and not any(key in raw for key in HUB_KEYS))


class Record(NamedTuple):
    """One export record: the paper, the fields dropped as bad, and the user's fields."""

    paper: Paper
    bad: tuple[str, ...] = ()  # names of the fields of the wrong type or shape
    tags: tuple[str, ...] = ()  # as the file gives them (bibimport.tag_of makes the tags)
    note: str | None = None  # tidied (notes.tidy)
    starred_at: str | None = None  # UTC `YYYY-MM-DDTHH:MM:SSZ`, never after now
    read_at: str | None = None  # the same
    hidden: bool = False
    starred_order: int | None = None  # its place in `papers starred` (1: the top)
    listed_on: tuple[str, ...] = ()  # the Daily Papers days that listed it, when several

    @property
    def yours(self) -> bool:
        """Whether the record carries any of the user's own fields."""
        return bool(self.tags or self.note or self.starred_at or self.read_at or self.hidden)


class _Fields:
    """Reads one record's fields, noting the name of each that is present, not null, and
    not what the contract says (its default is used instead)."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = raw
        self.bad: list[str] = []

    def given(self, name: str) -> Any:
        return self.raw.get(name)

    def drop(self, name: str) -> None:
        self.bad.append(name)

    def time(self, name: str) -> str | None:
        value = self.raw.get(name)
        stamp = normalize_timestamp(value)
        if stamp is None and value is not None:
            self.drop(name)
        return stamp

    def count(self, name: str) -> int:
        """A Hub count (upvotes, comments): 0 when absent or null. An export writes null
        for a paper the Hub has not listed, whose `sources` lack "hf": read as 0 it is
        still "not known" (`Paper.on_hub`), so the table shows "—" again."""
        value = self.raw.get(name)
        if type(value) is int and value >= 0:
            return min(value, MAX_COUNT)
        if value is not None:
            self.drop(name)
        return 0

    def maybe_count(self, name: str) -> int | None:
        """A count that may not be known (stars, linked models): None is not zero."""
        value = self.raw.get(name)
        if value is None:
            return None
        if type(value) is int and value >= 0:
            return min(value, MAX_COUNT)
        self.drop(name)
        return None

    def url(self, name: str) -> str | None:
        value = self.raw.get(name)
        url = _as_url(value)
        if url is None and value is not None:
            self.drop(name)
        return url

    def line(self, name: str, max_len: int) -> str | None:
        """One line of text; None when absent, blank or not text."""
        value = self.raw.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            self.drop(name)
            return None
        return clean_line(value, max_len) or None

    def short(self, name: str, max_len: int) -> str | None:
        """An arXiv field kept as the library's reader accepts it (printable, bounded)."""
        text = self.line(name, max_len)
        if text is not None and not short_text(text):
            self.drop(name)
            return None
        return text

    def block(self, name: str, max_len: int) -> str:
        value = self.raw.get(name)
        if value is not None and not isinstance(value, str):
            self.drop(name)
        return clean_block(value, max_len) if isinstance(value, str) else ""

    def strings(self, name: str, limit: int) -> list[str] | None:
        """A list of strings (None when absent); a non-list or a non-string item is bad
        (the items that are strings are kept), and so is a list longer than `limit`."""
        value = self.raw.get(name)
        if value is None:
            return None
        if not isinstance(value, list):
            self.drop(name)
            return []
        kept = [v for v in value[:limit] if isinstance(v, str)]
        if len(kept) != len(value):
            self.drop(name)
        return kept

    def words(self, name: str, limit: int, pattern: Any) -> tuple[str, ...] | None:
        """Words of a list (categories, sources): one of the wrong shape is dropped."""
        items = self.strings(name, limit)
        if items is None:
            return None
        words = tuple(dict.fromkeys(w for w in items if pattern.fullmatch(w)))
        if len(words) != len(set(items)) and name not in self.bad:
            self.drop(name)
        return words


def _accounts(f: _Fields) -> tuple[Account, ...]:
    """`author_accounts` as `Paper.to_dict` writes them (the Hub's `user` and `fullname`
    beside the byline name), each checked as the Hub's are (models._account); an item of
    another shape makes the field bad (the others are kept)."""
    value = f.given("author_accounts")
    if value is None:
        return ()
    items = value[:5000] if isinstance(value, list) else []
    kept: list[Account] = []
    for item in items:
        name = item.get("name") if isinstance(item, Mapping) else None
        name = clean_line(name, MAX_NAME) if isinstance(name, str) else ""
        account = _account(name, item) if name and isinstance(item, Mapping) else None
        if account is not None:
            kept.append(account)
    if not isinstance(value, list) or len(kept) != len(value):
        f.drop("author_accounts")
    return tuple(kept)


def parse(raw: object) -> Record:
    """One record of papercli's export (see `is_record`); SkippedItem without an id or a
    title, as a Hub item."""
    if not isinstance(raw, Mapping):
        raise SkippedItem("not an object")
    paper_id = item_id(raw.get("id"))
    title = _text(raw.get("title"), MAX_TITLE)
    if not title:
        raise SkippedItem(f"{paper_id}: missing title")
    f = _Fields(raw)
    authors = f.strings("authors", 5000)
    keywords = f.strings("ai_keywords", 100)
    organization = f.given("organization")
    if organization is not None and not isinstance(organization, Mapping):
        f.drop("organization")
    org_name, org_fullname = _organization(organization)
    categories = f.words("categories", 200, CATEGORY)
    primary = f.line("primary_category", 40)
    if primary is not None and not CATEGORY.fullmatch(primary):
        f.drop("primary_category")
        primary = None
    version = f.given("version")
    if version is not None and not (type(version) is int and 0 < version < 10_000):
        f.drop("version")
        version = None
    sources = f.words("sources", 10, SOURCE)
    if sources is None or not isinstance(raw.get("sources"), list):
        sources = ("hf",)  # as Paper's default: an export from before arXiv was a source
    sources = tuple(sorted(sources))
    paper = Paper(
        id=paper_id,
        title=title,
        summary=f.block("summary", 20000),
        authors=_authors(authors or []),
        published_at=f.time("published_at"),
        submitted_at=f.time("submitted_at"),
        upvotes=f.count("upvotes"),
        comments=f.count("comments"),
        github_repo=f.url("github_repo"),
        project_page=f.url("project_page"),
        ai_summary=f.block("ai_summary", 5000) or None,
        ai_keywords=_keywords(keywords or []),
        github_stars=f.maybe_count("github_stars"),
        submitter=f.line("submitter", 200),
        withdrawn_at=f.time("withdrawn_at"),
        thumbnail=f.url("thumbnail"),
        org_name=org_name,
        org_fullname=org_fullname,
        comments_known="hf" in sources,
        categories=categories or (),
        primary_category=primary,
        version=version,
        updated_at=f.time("updated_at"),
        comment=f.short("comment", MAX_FIELD),
        journal_ref=f.short("journal_ref", MAX_FIELD),
        doi=f.short("doi", 500),
        sources=sources,
        num_models=f.maybe_count("num_models"),
        num_datasets=f.maybe_count("num_datasets"),
        num_spaces=f.maybe_count("num_spaces"),
        author_accounts=_accounts(f),
    )
    tags = tuple(t for t in (clean_line(t, 200) for t in f.strings("tags", MAX_TAGS) or ())
                 if t)
    note = _note(f)
    starred_at, read_at = _mark_time(f, "starred_at"), _mark_time(f, "read_at")
    order = f.given("starred_order")
    if order is not None and not (type(order) is int and 0 < order <= MAX_ORDER):
        f.drop("starred_order")
        order = None
    hidden = f.given("hidden")
    if hidden is not None and type(hidden) is not bool:
        f.drop("hidden")
    listed = _listed_on(f)
    return Record(paper, tuple(sorted(f.bad, key=lambda name: _ORDER.get(name, 99))), tags,
                  note, starred_at, read_at, hidden is True,
                  order if starred_at is not None else None, listed)


MAX_DAYS = 1000  # "listed_on" days read from one record (the Hub relists a paper rarely)


def _listed_on(f: _Fields) -> tuple[str, ...]:
    """The days an export says the paper was listed on ("listed_on", `YYYY-MM-DD` each):
    a list that is not one of dates is dropped and named, as a bad field is."""
    from datetime import date

    given = f.given("listed_on")
    if given is None:
        return ()
    days: list[str] = []
    if isinstance(given, list) and len(given) <= MAX_DAYS:
        for day in given:
            try:
                if not (isinstance(day, str) and len(day) == 10
                        and date.fromisoformat(day).isoformat() == day):
                    break
            except ValueError:
                break
            days.append(day)
        else:
            return tuple(dict.fromkeys(days))
    f.drop("listed_on")
    return ()


def _mark_time(f: _Fields, name: str) -> str | None:
    """When a star or read mark was made, as the user database keeps it; a time after
    now (a clock set wrong, a crafted file) is now, so no mark stays first in `papers
    starred` for ever."""
    from papercli import clock

    stamp = f.time(name)
    return None if stamp is None else min(stamp, clock.iso(clock.now()))


def _note(f: _Fields) -> str | None:
    """The record's note as `papers note` keeps it (notes.from_file); one that is not text
    or that `papers note` would refuse (too long) is dropped and named."""
    from papercli import notes
    from papercli.errors import UsageError

    value = f.given("note")
    if value is None:
        return None
    try:
        if isinstance(value, str):
            return notes.from_file(value)
    except UsageError:
        pass
    f.drop("note")
    return None


class Restored(NoteCounts):
    """What an import gave back of the user's own fields: stars, read marks and hidden
    papers restored or already there, tags added, and notes restored, already there, or
    not restored because the paper has its own (NoteCounts)."""

    def __init__(self) -> None:
        super().__init__()
        self.papers = 0  # records that carried any of the user's fields
        self.stars = 0
        self.stars_same = 0  # starred already (its own time kept)
        self.read = 0
        self.read_same = 0
        self.hidden = 0
        self.hidden_same = 0
        # The stars this import restored (starred_at, place), for those of a later batch
        # starred in the same second (`_restore_stars`); how many stars it has read.
        self.restored_stars: dict[str, tuple[str, tuple[int, int]]] = {}
        self.stars_read = 0
        self._marked()

    def _marked(self) -> None:
        # The papers the file being read gave a star, a read mark or a hiding so far (each
        # counted by its first record, restored or already there): a later batch's record
        # of one counted it "already there" as well, where in one batch it was not.
        self.file_starred: set[str] = set()
        self.file_read: set[str] = set()
        self.file_hidden: set[str] = set()

    def next_file(self) -> None:
        super().next_file()
        self._marked()

    def as_dict(self) -> dict[str, Any]:
        return {"papers": self.papers, "stars_restored": self.stars,
                "stars_already_there": self.stars_same, "read_marks_restored": self.read,
                "read_marks_already_there": self.read_same, "hidden_restored": self.hidden,
                "hidden_already_there": self.hidden_same, "tags_added": self.tagged,
                "tags_skipped": self.skipped_keywords, "tags_cut": self.cut_keywords,
                **self.notes_dict()}


def restore(session: Session, records: Sequence[Record], counts: Restored) -> None:
    """Put the records' own fields back (their papers are stored by now), merged with
    what the user database has: a star or read mark only where the paper has none (the
    first record of a paper wins), a hidden paper hidden, tags added to a paper's own, a
    note restored only where the paper has none (bibimport.restore_notes). Each tagged or
    noted paper keeps a snapshot in the user database (tags.keep), as `papers tag` and
    `note` do; a star keeps its own."""
    from papercli import tags
    from papercli.bibimport import restore_notes, tag_papers

    mine = [r for r in records if r.yours]
    if not mine:
        return
    counts.papers += len(mine)
    stars: dict[str, tuple[Paper, str, tuple[int, int]]] = {}
    # (a paper's first record in the file wins, in whichever batch: `Restored._marked`)
    for r in mine:
        if r.starred_at and r.paper.id not in stars and r.paper.id not in counts.file_starred:
            counts.stars_read += 1  # (the file's order: where it has no starred_order)
            place = (0, r.starred_order) if r.starred_order else (1, counts.stars_read)
            stars[r.paper.id] = (r.paper, r.starred_at, place)
    reads = {r.paper.id: r.read_at for r in reversed(mine)
             if r.read_at and r.paper.id not in counts.file_read}
    hide = list(dict.fromkeys(r.paper.id for r in mine
                              if r.hidden and r.paper.id not in counts.file_hidden))
    counts.file_starred.update(stars)
    counts.file_read.update(reads)
    counts.file_hidden.update(hide)
    with session.userdb() as udb:
        if stars:
            counts.stars += (new := len(_restore_stars(udb, stars, counts)))
            counts.stars_same += len(stars) - new
        if reads:
            counts.read += (new := len(udb.restore_read(list(reads.items()))))
            counts.read_same += len(reads) - new
        if hide:
            counts.hidden += (new := len(udb.hide(hide)))
            counts.hidden_same += len(hide) - new
        tag_papers(udb, [(r.paper.id, r.tags) for r in mine if r.tags], counts)
        restore_notes(udb, [(r.paper.id, r.note) for r in mine if r.note], counts)
        tags.keep(session, udb, list(dict.fromkeys(r.paper.id for r in mine
                                                   if r.tags or r.note)))


def _restore_stars(udb: UserDB, stars: dict[str, tuple[Paper, str, tuple[int, int]]],
                   counts: Restored) -> list[str]:
    """Restore `stars` (paper id -> paper, starred_at, place) so that those of one second
    are listed by `papers starred` in their place's order (`UserDB.restore_stars` lists
    those of one second in the order given): a round trip through an export (newest
    paper first, not starred order) turned such a reading list around. A star this
    import restored from an earlier batch in one of these seconds is taken back and
    restored again among them. Returns the ids that were not starred before."""
    seconds = {when for _, when, _ in stars.values()}
    earlier: dict[str, tuple[Paper, str, tuple[int, int]]] = {}
    for pid, (when, place) in counts.restored_stars.items():
        if when in seconds and pid not in stars:
            star = udb.star_of(pid)  # (its snapshot, as restored)
            if star is not None and star.starred_at == when:
                earlier[pid] = (star.paper, when, place)
    if earlier:
        udb.unstar(list(earlier))
    both = sorted({**earlier, **stars}.items(), key=lambda item: item[1][2])
    added = set(udb.restore_stars([(paper, when) for _, (paper, when, _) in both]))
    new = [pid for pid in stars if pid in added]
    if len(counts.restored_stars) < MAX_KEPT:
        counts.restored_stars.update((pid, stars[pid][1:]) for pid in new)
    return new
