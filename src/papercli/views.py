"""The view layer: what a listing shows, gathered once for the commands and the browser.

A `View` says what to show: a period's listing, a search, the library (through filters, or
its full text), the reading list, what is new, for-you, the papers related to one.
`gather(session, view)` fetches-or-caches it and returns a `Gathered`: the papers (filtered,
in the source's order), the title, the caption's parts, the warnings and notes to tell the
user, and any extra JSON fields (scores, watches, starred_at...). `shown()` runs the pipeline
on it (sort, cut, caption). A command is parse -> view -> gather -> pipeline -> emit; the
browser (tui/) calls the same `gather` and `shown`, so its titles and captions are the
commands'. A new kind of view is one `View` subclass with its own `collect`.

Also here: the default limits of the commands (`limit_for`) and the relevance bridge
(`ranker`: your taste model as the pipeline's relevance order). Nothing here imports a UI.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, Self, dataclass_transform

from papercli import pipeline
from papercli.config import DEFAULT_LIMITS, UNCUT_BY_DISPLAY  # (there: --help says them)
from papercli.criteria import MODELS_UNKNOWN, tagged_ids
from papercli.errors import NOTE_ROOM, all_of, fitting
from papercli.filters import NO_FILTERS, FilterOptions, make_filter
from papercli.words import empty_library, joined, listed, none_match, plural

if TYPE_CHECKING:
    from datetime import date

    from papercli.db.store import Store
    from papercli.errors import PapersError
    from papercli.exporters import LazyPapers
    from papercli.filters import Filter
    from papercli.listings import ListingResult
    from papercli.models import Paper
    from papercli.new import NewResult
    from papercli.periods import Period as Span
    from papercli.search import Missing
    from papercli.session import Session

__all__ = ["NO_FILTERS", "FilterOptions", "Gathered", "View", "gather", "make_filter",
           "shown"]


def limit_for(session: Session, asked: int | None, command: str = "", *,
              table: bool = True) -> int:
    """The limit of a listing (0: none): -n, else display.limit, else the command's. Of
    anything but a table (`table` False: ids, JSON, a document) and of an export
    (`UNCUT_BY_DISPLAY`), -n, else the command's: display.limit is a setting for tables,
    and `papers starred -q | papers export -` exported 20 of 240 for display.limit 20."""
    if asked is not None:
        return asked
    if command in UNCUT_BY_DISPLAY or not table:
        return DEFAULT_LIMITS.get(command, 0)
    return int(session.config.get("display.limit") or DEFAULT_LIMITS.get(command, 0))


def ranker(session: Session, *, seeds: Sequence[str] | None = None, taste: Any = None,
           notes: list[str] | None = None) -> pipeline.Ranker:
    """The pipeline's relevance order: your taste model (`ranking.Taste`, trained on your
    stars, read marks, watches and hidden papers), `taste` or loaded once, on first use;
    the notice of one loaded here ("too few stars") goes to `notes`, else to the
    session's notices."""
    loaded: list[Any] = [] if taste is None else [taste]

    def rank(papers: Sequence[Paper]) -> list[tuple[Paper, float | None]]:
        if not loaded:
            loaded.append(load_taste(session, seeds=seeds))
            (session.notices if notes is None else notes).extend(
                loaded[0].notes_over(len(papers)))
        return [(s.paper, s.score) for s in loaded[0].score(papers)]

    return rank


def near_note(ranked: int, total: int, pool: int | None = None) -> str:
    """What a ranked page of a big library was chosen from (`ranking.near_pool`); `pool`
    when a filter checked in Python left `ranked` of that many."""
    if pool is not None:
        return (f"ranked the {ranked:,} of the {pool:,} papers nearest your taste that pass "
                "the filters (-n 0: all)")
    return f"ranked the {ranked:,} of {total:,} papers nearest your taste (-n 0: all)"


def load_taste(session: Session, *, seeds: Sequence[str] | None = None,
               refit: bool = True) -> Any:
    """`ranking.Taste` for this user (seeds: the watches' words unless given). `refit`
    False (a line in `show`): a cached vocabulary however old, never refitted."""
    # lazy: the model only for the views that rank
    from papercli import ranking, watches

    with session.userdb() as udb:
        return ranking.Taste.load(session.store(), udb, refit=refit,
                                  seeds=watches.seeds(session) if seeds is None else seeds)


def display_title(paper: Paper, limit: int = 2000) -> str:
    """A paper's title as a person reads it wherever it is shown (a table's rows, the
    browser's list and reading pane, `show`'s panel, the related list's title): what
    arXiv's LaTeX prints ("50\\%" is "50%", `\\textbf{x}` is "x"; maths is left as it is,
    `exporters.untex`), on one clean line of at most `limit` characters. `--json` and
    the documents keep (or untex) the text themselves: this is for display alone."""
    from papercli.exporters import untex  # lazy: `search --json` never loads it
    from papercli.sanitize import clean_line

    return clean_line(untex(paper.title), limit)


def for_you_line(why: Any, width: int | None = None, lead: str = "",
                 wraps: bool = False, score: float | None = None) -> str:
    """The "For you" line (`ranking.Why`: why this paper ranks where it does for you),
    as `show`'s panel and the browser's reading pane say it after their label (no
    `lead`), and `--explain` after "for: ", within `width`: the closest paper's title as
    `display_title` gives titles. `wraps` (`show`'s panel, which wraps the line): the
    title whole, as a wide terminal's `--explain` gives it, not cut at 60. `score` (the
    panel's): the paper's score first, as the ranked table's Rel column says it ("Rel
    33 · robot, …": the terms alone did not say whether it is a strong or a weak fit)."""
    from papercli.exporters import untex

    if why.closest_title:
        why = why._replace(closest_title=untex(why.closest_title))
    if score is None:
        return str(why.line(width, lead=lead, wraps=wraps))
    rel = f"Rel {round(score * 100)} · "
    return rel + str(why.line(None if width is None else max(20, width - len(rel)),
                              lead=lead, wraps=wraps))


def reasons(session: Session, papers: Sequence[Paper]) -> dict[str, Any]:
    """paper id -> `ranking.Scored`: the score `for-you` gives each paper (its table's
    Rel, its JSON's "score") and why it would rank where it does for this user (the
    `for-you` model's reasons: `show`'s "For you" line and the browser's, JSON's "score"
    and "why" as `for-you --explain` gives them); nothing until there is a model, and
    never a failure (a line that cannot be had is left out)."""
    from papercli import reading
    from papercli.errors import PapersError

    try:
        most = reading.most_positives(session)
        if not most:  # nothing marked, no watch: not even the model's module is loaded
            return {}
        from papercli import ranking, watches  # lazy: the model only for a reason

        if most < ranking.MIN_POSITIVES:  # too few to learn, whatever the vocabulary says
            return {}
        # Never waits for a refit; reads the IDF of these papers' and the marked papers'
        # terms alone when the taste is cached (not the whole vocabulary).
        with session.userdb() as udb:
            taste = ranking.Taste.load(session.store(), udb, seeds=watches.seeds(session),
                                       refit=False, explaining=list(papers))
        if not taste.ready:
            return {}
        return {s.paper.id: s for s in taste.score(papers, explain=True)}
    except (PapersError, OSError):
        return {}


def span_text(start: Any, end: Any, dash: str = " – ") -> str:
    """"2024-01-02", or "2024-01-01 – 2024-01-07" for a range."""
    return str(start) if start == end else f"{start}{dash}{end}"


# -- what was gathered -------------------------------------------------------------------


class Gathered:
    """A view's papers (filtered, in the source's order) and what the pipeline and the
    user need to know about them. (A plain class: a dataclass costs ~1.5 ms of start-up
    to make.)"""

    __slots__ = ("about", "at_least", "empty", "extras", "flt", "limit", "missing", "new",
                 "none_found", "notes", "noun", "papers", "ranked", "scored", "sort_by",
                 "stream", "taste", "title", "total", "view", "warnings", "went_without")

    def __init__(
        self,
        view: View,  # as shown: `today` comes back as the day it showed
        title: str,
        papers: list[Paper],
        about: str = "",  # the caption's tail: "fetched now", "12 from the Hub, 3 in ..."
        flt: Filter | None = None,  # described in the title
        sort_by: str | None = None,  # the pipeline's order (None: the source's)
        limit: int = 0,
        total: int | None = None,  # when the source cut already (a library page, a search)
        noun: str = "paper",
        extras: pipeline.Extras | None = None,
        warnings: list[str] | None = None,  # `papers: warning: ...`
        notes: list[str] | None = None,  # `papers: ...`
        ranked: bool = False,  # already in score order: a relevance column
        scored: list[Any] | None = None,  # ranking.Scored, for --explain
        new: NewResult | None = None,  # `new`: what `new.record_new` records
        # Every paper, read from the library as it is written (`papers` is then empty):
        # an unlimited library listing, whose memory stays flat however many match.
        stream: LazyPapers | None = None,
        at_least: bool = False,  # `total` is a lower bound: the source counted no further
        # Why there is nothing (a weekend, no stars yet, no match): said once on stderr by
        # the output owner when nothing is shown, in place of "TITLE: no papers". A field,
        # not a note or a title's tail: output needs no words to tell a reason from a title.
        empty: str | None = None,
        # What an empty table says when there is no `empty` reason, after any warning on
        # the query (which never says whether anything matched): "no paper in the library
        # matches 'x'", for "Search: x: no papers".
        none_found: str | None = None,
    ) -> None:
        self.view = view
        self.title = title
        self.papers = papers
        self.about = about
        self.flt = flt
        self.sort_by = sort_by
        self.limit = limit
        self.total = total
        self.noun = noun
        self.extras: pipeline.Extras = {} if extras is None else extras
        self.warnings: list[str] = [] if warnings is None else warnings
        self.notes: list[str] = [] if notes is None else notes
        self.ranked = ranked
        self.scored: list[Any] = [] if scored is None else scored
        self.new = new
        self.stream = stream
        self.at_least = at_least
        self.empty = empty
        self.none_found = none_found
        self.taste: Any = None  # the model `shown` ranks by, loaded by `with_taste`
        # A search of ids: those it could not have (`search.Missing`), the command's failure.
        self.missing: Missing | None = None
        # What the view went without, the rest shown, each as its error, when the view
        # leaves it for the caller to say (`Related.warn` False: the MCP server says the
        # seeds it could not have in its tools' terms, as its error would say them).
        self.went_without: list[PapersError] = []

    def every(self) -> Sequence[Paper] | LazyPapers:
        """The papers, streamed or held."""
        return self.stream if self.stream is not None else self.papers

    @property
    def none(self) -> bool:
        """Whether nothing is there to show (a stream whose count is not known: no)."""
        return not self.papers and (self.stream is None or self.total == 0)

    @property
    def maybe_none(self) -> bool:
        """Whether nothing may be there to show: `none`, or a stream not counted (the
        output owner knows once it is written, and says `empty` then)."""
        return self.none or (self.stream is not None and self.total is None)

    def told(self) -> list[str]:
        """The notes, then why there is nothing (`empty`) when there is nothing: all a
        caller that shows no table says (the browser's pane, an assistant's answer)."""
        return [*self.notes, *([self.empty] if self.empty and self.none else [])]


def shown(session: Session, got: Gathered) -> pipeline.Shown:
    """The pipeline on a gathered view: sort every paper, cut to the limit, caption."""
    out = pipeline.run(
        got.every(), title=got.title, sort_by=got.sort_by, limit=got.limit, about=got.about,
        flt=got.flt, extras=got.extras, total=got.total, noun=got.noun,
        rank=ranker(session, taste=got.taste), at_least=got.at_least)
    out.ranked = out.ranked or got.ranked
    out.empty = got.empty if got.maybe_none else None
    out.none_found = got.none_found
    return out


ALL_HINT = "(-n 0: all)"


def hinted(out: pipeline.Shown, asked: int | None) -> pipeline.Shown:
    """`out` with its caption saying how to see the rest when the command's own limit
    (search's 50, display.limit on any listing) cut it, not -n (`asked`): "50 of 2,120
    papers" read as all that matched was shown or lost, and --help's "0: all" named no
    default. orgs, cache info and families say it so. A limit asked for (-n 3) needs no
    word; the caption is the table's (the browser, with no -n, calls `shown`, not this).
    `default_cut` says it to the output owner, for a document written without a caption
    ("wrote 50 of 765 papers to gpt.json (-n 0: all)", and a note beside `-f json`)."""
    head, sep, tail = (out.caption or "").partition(" · ")
    if asked is None and " of " in head and isinstance(out.papers, Sequence):
        out.caption = f"{head} {ALL_HINT}{sep}{tail}"
        out.default_cut = (head, ALL_HINT)
    return out


def with_taste(session: Session, got: Gathered) -> Gathered:
    """`got` with the taste its relevance order needs loaded now, and what the model says
    ("relevance needs 3 starred or read papers; …") among its notes: loaded as `shown`
    sorted, the lines came after the notes were said, as warnings (`papers today --sort
    relevance`), where `search` and `for-you` say the same as notes."""
    if got.sort_by == "relevance" and got.taste is None:
        got.taste = load_taste(session)
        got.notes.extend(got.taste.notes_over(len(got.papers)))
    return got


SCORE_BATCH = 1_000  # papers of a streamed listing scored at a time (memory stays flat)


def with_scores(session: Session, out: pipeline.Shown) -> list[str]:
    """Each paper of `out` (its sections' too) with your taste's score in its extras,
    its order kept: a table asked for a Rel column in another order (`today --sort
    trending --columns rel,title`) showed a column of — (the score is each paper's own,
    so the page alone is scored). Returns why there is no score (too few stars), to be
    said: not the line that says the order is upvotes', which this one is not."""
    groups = [out.papers, *(group for _, _, group, *_ in out.sections or ())]
    if all("score" in out.extras.get(p.id, {}) for group in groups for p in group):
        return []  # (ranked already, or nothing to score)
    taste = load_taste(session)
    rank = ranker(session, taste=taste)
    for group in groups:
        batch: list[Paper] = []
        for paper in group:
            batch.append(paper)
            if len(batch) == SCORE_BATCH:
                pipeline.sort(batch, "relevance", rank=rank, extras=out.extras)
                batch = []
        pipeline.sort(batch, "relevance", rank=rank, extras=out.extras)
    from papercli.ranking import UNRANKED

    # (the reason alone: an empty library's one line, "nothing is ranked yet", is one)
    return [note for note in taste.notes if not note.startswith(UNRANKED)]


def fetch_warnings(stale: str | None, skipped: int) -> list[str]:
    """What a fetch had to put up with: a cached copy instead, or bad items left out."""
    return ([stale] if stale else []) + (
        [f"skipped {plural(skipped, 'malformed item')} in the Hub's answer"] if skipped else [])


# `word:` that is no field anyone means: a link, an arXiv id, a DOI.
_NOT_FIELDS = frozenset({"http", "https", "ftp", "arxiv", "doi", "mailto"})
# An option typed as GitHub's search takes it (`sort:new`, `limit:5`): the option to give.
_OPTIONS_TYPED = {"sort": "--sort", "order": "--sort", "limit": "--limit"}
# What each `word:` the search does not know is searched as (the word, then the next).
_AS_WORD = "titles, abstracts, AI keywords and authors are all searched"


def qualifier_warnings(query: str, *, found_none: bool = False) -> list[str]:
    """Each `field:` word (`search.qualifiers`), once, said to be left out (`search.unfielded`:
    `title:llava` searches llava); when nothing was found, any other lower-case `word:` too
    (`foo:`), and a typo of a field or a filter qualifier in any case (`Titel:`, `autor:`,
    with the one it is nearest): searched as a word glued to the next. (Not when something
    was, nor `Re:Search`: a title's; a filter qualifier, `org:`, filters: `Search`.)"""
    from papercli.criteria import by_qualifier
    from papercli.sanitize import quoted
    from papercli.search import FIELDS, flag_prefixes, prefixed, qualifiers, uncounted

    # The field words, in one line (`title:llava abs:video` gave a line for each).
    fielded = [f"'{word}:'" for word in dict.fromkeys(qualifiers(query))]
    out = [fitting(f"{listed(fielded)} left out (search has no fields): all are searched",
                   f"{listed(fielded)} left out: search has no fields",
                   f"{listed(fielded)} left out (no fields)",
                   f"{plural(len(fielded), 'field word')} left out (search has no fields): "
                   "all are searched")] if fielded else []
    # GitHub's `stars:50` or `stars:<10`: no count filter (`search.uncounted`), left out
    # (`search.qualified` takes them off) and said with the form that filters (`stars:>100`
    # is applied).
    for typed in dict.fromkeys(uncounted(query)):
        word = typed.partition(":")[0]
        out.append(fitting(
            f"{quoted(typed, 30)} left out: only {word}:>=N (at least N) filters",
            f"{quoted(typed, 16)} left out: only {word}:>=N filters"))
    if not found_none:
        return out
    import difflib

    filters = {name: c for name, c in by_qualifier().items() if ":" not in name}
    known = {*FIELDS, *filters, *flag_prefixes(), *_NOT_FIELDS}
    for word in dict.fromkeys(prefixed(query)):
        folded = word.lower()
        if folded in known:
            continue
        near = difflib.get_close_matches(folded, [*FIELDS, *filters], n=1, cutoff=0.7)
        if not near and not word.islower() and folded not in _OPTIONS_TYPED:
            # (`Re:Search`: a title's word, as typed)
            continue
        meant = f" (did you mean {near[0]}:?)" if near else ""
        c = filters.get(near[0]) if near else None
        instead = (f"use {c.option} {c.metavar}" if c is not None
                   else f"leave out '{word}:' ({_AS_WORD})")
        briefly = f"use {c.option} {c.metavar}" if c is not None else "leave it out"
        if folded in _OPTIONS_TYPED:  # (`sort:new` was said to be left out, no way to sort)
            meant, instead = "", _option_typed(query, word, _OPTIONS_TYPED[folded])
            briefly = instead
        # (fitted to a warning's 80 columns: 'foo:' made it 153)
        out.append(fitting(
            f"search has no fields: '{word}:' is searched as the word {folded}{meant}; "
            f"{instead}",
            f"'{word}:' is not a field{meant}: searched as the word {folded}; {briefly}",
            f"'{word}:' is not a field{meant}; {briefly}",
            f"'{word}:' is not a field; {briefly}"))
    return out


def _option_typed(query: str, word: str, option: str) -> str:
    """What to give for an option typed as a qualifier (`sort:new`): the option with the
    value typed, where it is a plain word of a few letters, else the option alone."""
    import re

    typed = re.search(rf"(?<![^\s(]){re.escape(word)}:([\w.-]{{1,20}})(?![^\s)])", query)
    return f"use {option} {typed[1]}" if typed else f"use {option}"


# -- the views ---------------------------------------------------------------------------


@dataclass_transform(kw_only_default=True, frozen_default=True)
class _Frozen:
    """What `@dataclass(frozen=True, kw_only=True)` gave the views (keyword-only fields
    with defaults, immutability, equality, hashing, a repr) and type checkers still see
    as such (PEP 681), without generating and compiling six functions per class: the
    eleven view dataclasses cost ~18 ms of every listing command's start-up.

    A field is an annotated class attribute (not a ClassVar), its value the default."""

    _fields: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = [name for name, kind in vars(cls).get("__annotations__", {}).items()
               if not str(kind).startswith(("ClassVar", "typing.ClassVar"))]
        cls._fields = tuple(dict.fromkeys((*cls._fields, *own)))

    def __init__(self, **values: Any) -> None:
        cls = type(self)
        for name in cls._fields:
            if name in values:
                object.__setattr__(self, name, values.pop(name))
            elif not hasattr(cls, name):
                raise TypeError(f"{cls.__name__}() missing keyword argument {name!r}")
        if values:
            raise TypeError(f"{cls.__name__}() got an unexpected keyword argument "
                            f"{next(iter(values))!r}")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed (`dataclasses.replace`)."""
        return type(self)(**{**dict(zip(self._fields, self._values(), strict=True)),
                             **changes})

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r} of a frozen view")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r} of a frozen view")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Frozen)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={value!r}"
                          for name, value in zip(self._fields, self._values(), strict=True))
        return f"{type(self).__name__}({inner})"


class View(_Frozen):
    """What to show. `limit` None: -n was not given (display.limit for a table, else the
    kind's default); `sort` None: the kind's order."""

    kind: ClassVar[str] = ""
    filters: FilterOptions = NO_FILTERS
    sort: str | None = None
    limit: int | None = None
    hidden: bool = False  # --hidden: keep the papers the user hid (marked) instead of dropping them
    table: bool = True  # shown as a table, which display.limit cuts (not ids, JSON, a file)

    def collect(self, session: Session, flt: Filter) -> Gathered:
        raise NotImplementedError

    def filter_options(self) -> FilterOptions:
        """The filters as given, for `make_filter` (a search adds its query's `org:`…)."""
        return self.filters

    def limit_in(self, session: Session) -> int:
        return limit_for(session, self.limit, self.kind, table=self.table)


def gather(session: Session, view: View) -> Gathered:
    """The view's papers and what to say about them (fetch-or-cache as the session says;
    PapersError when they cannot be had, UsageError for bad filter words)."""
    flt = make_filter(session, view.filter_options())
    got = view.collect(session, flt)
    if session.refresh and session.config.get("network.offline") is True:
        # With --offline, --refresh is a usage error; with the setting on, the cached copy
        # came back as if fetched, without a word of why.
        setting = ("PAPERS_OFFLINE" if session.config.sources.get("network.offline", "")
                   .startswith("env") else "network.offline")
        got.warnings.append(f"--refresh fetched nothing: {setting} is on")
    if flt.has_model:
        warnings, every, others = unknown_models(session, view, flt, none=got.none)
        got.warnings.extend(warnings)  # listings say warnings
        if every:  # (the warning says why there are none)
            got.empty = got.none_found = None
        elif others and got.none_found and not got.empty:  # (a listing's counts them)
            got.none_found = others
    if got.maybe_none and (reasons := why_none(session, flt, given=view.filters)):
        # (more telling than the view's)
        got.notes.extend(reasons[:-1])
        got.empty = reasons[-1]
    hidden, problem = hidden_ids(session)
    got = _yours(session, _hidden_papers(session, view, got, hidden), unreadable=problem)
    return with_taste(session, got)


NO_STARS = "no starred papers yet: papers star ID adds one (s in papers browse)"


def why_none(session: Session, flt: Filter, *,
             given: FilterOptions | None = None) -> list[str]:
    """Why --org, --tag, --noted or --starred found no paper, when the library cannot have
    one (an organization no paper names, a tag no paper carries, no note or star at all):
    a listing, or an export, that came out empty says so instead of nothing. `given`: the
    options as given, where a query's qualifiers joined them (`org:google` is no --org)."""
    notes: list[str] = []
    if flt.orgs:
        typed = None if given is None else {org.casefold() for org in given.org or ()}
        notes.extend(_unknown_orgs(session, flt.orgs, options=typed))
    if flt.authors:
        notes.extend(_submitter_meant(session, flt.authors))
    if flt.categories and not session.store().has_categories():
        notes.append(_no_categories(flt.categories))
    if flt.tags:
        from papercli.tags import MAX_LOOKED_UP, not_in_library

        carrying = tagged_ids(flt.tags)
        if not carrying:
            notes.append(_untagged(session, flt.tags))
        elif len(carrying) <= MAX_LOOKED_UP:  # (one of them listed or kept: a filter left it out)
            from papercli.reading import unlisted

            ids = sorted(carrying)
            with session.userdb() as udb:
                if len(unlisted(session, udb, ids)) == len(ids):
                    notes.append(not_in_library(ids))
    if isinstance(flt.noted, frozenset) and len(flt.noted) == 0:  # (on; no paper has one)
        notes.append("no note written yet: papers note ID -m TEXT writes one")
    if isinstance(flt.starred, frozenset) and len(flt.starred) == 0:  # (as `papers starred`)
        notes.append(NO_STARS)
    return notes


def _unknown_orgs(session: Session, orgs: Sequence[str], *,
                  options: set[str] | None = None) -> list[str]:
    """Nothing passed --org: say so when no paper of the library names the organization
    at all (a misspelling, a Hub name not known by that name), as an unknown --family
    is. Read from the organizations' own index (`papers orgs`), so it costs little. The
    one meant is said as it was asked for: `--org NAME`, or `org:NAME` for an `org:`
    qualifier (one not in `options`, the --org values as given; None: all are options)."""
    rows = session.store().org_counts()
    known = {name.casefold() for row in rows for name in row[:2] if isinstance(name, str)}
    unknown = [org for org in orgs if org.casefold() not in known]
    if not unknown or (not rows and not session.store().count_papers()):
        return []  # (an empty library: its own line says it, this one added nothing)
    from papercli.sanitize import quoted

    named = " or ".join(repr(org[:60]) for org in unknown[:3])
    brief = " or ".join(quoted(org, 20) for org in unknown[:3])
    meant = _meant_org(unknown[0], rows) if len(unknown) == 1 else None
    if meant is not None:
        from papercli.watches import shell_word

        if options is None or unknown[0].casefold() in options:
            said = f"--org {shell_word(meant)}"
        else:  # (as the query reads it: a name of words in double quotes)
            said = f'org:"{meant}"' if any(c.isspace() for c in meant) else f"org:{meant}"
        return [fitting(f"no paper in the library is from {named}: did you mean {said}?",
                        f"no paper is from {brief}: did you mean {said}?",
                        f"no paper is from {brief} (see papers orgs)", room=NOTE_ROOM)]
    # (in 80 columns: "… from 'acme' (papers orgs lists the organizations)" made 84)
    return [fitting(f"no paper in the library is from {named} (papers orgs lists the "
                    "organizations)", f"no paper in the library is from {named} (papers orgs "
                    "lists them)", f"no paper in the library is from {brief} (see papers orgs)",
                    f"no paper is from {brief} (see papers orgs)", room=NOTE_ROOM)]


def _submitter_meant(session: Session, authors: Sequence[str]) -> list[str]:
    """Nothing passed --author @NAME, a Hub user no author's account is, who put papers on
    Daily Papers: the handle a listing shows as the submitter, whose papers --submitter
    lists (`-a @alice` said only "no paper in the library is by @alice"). Two
    counts, each a look-up of terms, on a listing that came out empty."""
    from papercli.watches import shell_word

    store = session.store()
    for name in authors:
        handle = name.strip().removeprefix("@").strip()
        if not name.strip().startswith("@") or not handle or "*" in handle:
            continue
        if (store.count_within(make_filter(None, authors=[f"@{handle}"]), 1)[0]
                or not store.count_within(make_filter(None, submitters=[handle]), 1)[0]):
            continue  # (an author's account, that the other filters left out; or no one)
        option = f"--submitter {shell_word(handle)}"
        return [fitting(f"no paper in the library is by @{handle}, who put papers on Daily "
                        f"Papers: try {option}",
                        f"no paper is by @{handle}, who submits papers: try {option}",
                        f"@{handle} submits papers, not an author: try {option}",
                        f"a submitter, not an author: try {option}",
                        "a submitter, not an author: try --submitter NAME", room=NOTE_ROOM)]
    return []


def _no_categories(categories: Sequence[str]) -> str:
    """Nothing passed --category because no paper of the library has a category (the
    Hub gives none: a library of Daily Papers alone), with what brings papers with theirs:
    the category's arXiv listing (`papers arxiv`)."""
    given = categories[0]
    hint = f"papers arxiv {given}" if "*" not in given and len(given) <= 20 else (
        "papers arxiv CATEGORY")
    return fitting(f"no library paper has an arXiv category yet: try {hint}",
                   "no library paper has an arXiv category yet (papers arxiv lists some)",
                   room=NOTE_ROOM)


def _meant_org(typed: str, rows: Sequence[tuple[str | None, str | None, int]]) -> str | None:
    """The organization an --org no paper is from most likely means (its Hub name, else
    its display name), of `rows` (`Store.org_counts`, most papers first): the one with
    the most papers whose name or display name holds what was typed, case and accents
    aside (`--org meta`: facebook, "AI at Meta"; three letters at least), else the one
    whose name it is most like (`--org gogle`: google); None when none is close."""
    from papercli.criteria import fold
    from papercli.words import closest

    want = fold(typed).strip()
    if not want:
        return None
    names = [(row[0] or row[1], [fold(n) for n in row[:2] if isinstance(n, str)])
             for row in rows if row[0] or row[1]]
    if len(want) >= 3:
        holding = next((name for name, folded in names if any(want in f for f in folded)),
                       None)
        if holding:
            return holding
    by_folded = {f: name for name, folded in reversed(names) for f in folded}
    near = closest(want, list(by_folded))
    return by_folded[near] if near is not None else None


def _untagged(session: Session, tags: Sequence[str]) -> str:
    """Nothing passed --tag because no paper carries the tags (a misspelling, a tag
    renamed): said as `for-you --tag` and `tags --rename` say it, naming yours."""
    from papercli.tags import none_tagged

    if not session.has_userdb():
        return "no paper is tagged yet: papers tag ID TAG tags one"
    with session.userdb() as udb:
        error = none_tagged(udb, tags)
    return f"{error.message} ({error.hint})"


def _yours(session: Session, got: Gathered, unreadable: PapersError | None = None
           ) -> Gathered:
    """Each paper's tags and note ("tags", "note": the table's Tags column, JSON, the
    documents) and when you starred and read it ("starred_at", "read_at": the rows' ★
    and ✓); a user database that cannot be read is a warning."""
    if not session.has_userdb():  # no user database: nothing of yours, no module
        return got
    from papercli import reading

    ids = None if got.stream is not None else [p.id for p in got.papers]
    # (the hidden papers could not be read either: one line for both)
    yours, warning = reading.yours_or_warning(session, ids,
                                              hidden_shown=unreadable is not None)
    if warning:
        got.warnings.append(warning)
    elif unreadable is not None:
        from papercli.errors import failed_then

        got.warnings.append(failed_then(unreadable, "hidden papers are shown"))
    shown = None if ids is None else set(ids)  # a stream: every one of yours (few)
    for pid, fields in yours.items():
        if shown is None or pid in shown:
            extra = got.extras.setdefault(pid, {})
            for key, value in fields.items():  # never over a view's own ("read_at": None)
                extra.setdefault(key, value)
    return got


def unknown_models(session: Session, view: View, flt: Filter, *,
                   none: bool) -> tuple[list[str], bool, str | None]:
    """--has-model keeps the papers known to have models; a paper whose count is not
    known yet (its page never fetched) is not one without: the warning saying how many
    were left out. And, where none is shown (`none`), whether they were every paper the
    other filters pass: then the warning is why, and a line saying none passed denies
    it ("none of the 17 listed papers has a model on the Hub" after "17 papers left out:
    their linked models are not known yet": they may have models, nobody knows yet).
    Else the line that counts the others, those known to have none ("none of the 3 other
    papers has a model on the Hub"), as a listing's does (`_none_listed`): a search said
    "no paper in the library has a model on the Hub" under "9,874 papers left out"."""
    unknown = _counted(session, view, flt._replace(has_model=MODELS_UNKNOWN))
    if not unknown or not unknown[0]:
        return [], False, None
    count, at_least = unknown
    passing = _counted(session, view, flt._replace(has_model=False)) if (
        none and not at_least) else None
    every = passing == (count, False)
    others = None
    if passing is not None and not passing[1] and passing[0] > count:
        from papercli.filters import Filter

        others = _none_passing(passing[0] - count, "other paper",
                               Filter(has_model=flt.has_model), bare=True)
    return [models_unknown(count, at_least=at_least)], every, others


def _counted(session: Session, view: View, flt: Filter) -> tuple[int, bool] | None:
    """How many papers of `view` pass `flt`, and whether that is a lower bound, from what
    is stored (the papers are by now: no request); None where the cache cannot answer
    offline."""
    from papercli.errors import PapersError

    was, session.offline = session.offline, True
    try:
        got = view.collect(session, flt)
    except PapersError:  # what the cache cannot answer offline: no count, no warning
        return None
    finally:
        session.offline = was
    # All of them, not a page's: a library view's total (the search index counts them)
    return (got.total if got.total is not None else sum(1 for _ in got.every()),
            got.at_least)


def models_unknown(count: int, *, at_least: bool = False) -> str:
    """The warning for `count` papers --has-model left out, their models not known yet
    (a listing's, `trends`'): in 80 columns ("… (`papers show ID` fetches a paper's
    page)" made 110, a placeholder for the ids)."""
    said = f"{'at least ' if at_least else ''}{plural(count, 'paper')} left out: " + (
        "its" if count == 1 else "their")
    them = "it" if count == 1 else "them"
    return fitting(f"{said} linked models are not known yet (papers show fetches {them})",
                   f"{said} linked models are not known yet", f"{said} models are not known yet")


def hidden_ids(session: Session) -> tuple[set[str], PapersError | None]:
    """The ids the user hid (`papers hide`), and why they could not be read (the user
    database's error, for a warning to say in a few words: `errors.failed_then`). No user
    database yet: nothing is hidden (and none is created by a listing)."""
    from papercli.errors import PapersError  # lazy: only when there is a user database

    if not session.has_userdb():
        return set(), None
    try:
        with session.userdb() as udb:
            return udb.hidden(), None
    except PapersError as exc:
        return set(), exc


def _hidden_papers(session: Session, view: View, got: Gathered,
                   hidden: set[str]) -> Gathered:
    """Hidden papers (`hidden`) leave every view; with --hidden they stay, marked: "hidden":
    true in JSON (and so a mark in the table). Done here once, for every command and the
    browser."""
    if not hidden:
        return got
    if got.stream is not None:
        return _hidden_streamed(session, view, got, hidden)
    if view.hidden:
        for paper in got.papers:
            if paper.id in hidden:
                got.extras.setdefault(paper.id, {})["hidden"] = True
        return got
    kept = [p for p in got.papers if p.id not in hidden]
    gone = len(got.papers) - len(kept)
    # The library's page is picked in SQL and counted with every paper that passes, the
    # hidden ones too (a search with words has the index leave them out): its total loses
    # every hidden paper that passes, on the page or not ("1 of 1,471" at -n 1 and "100
    # of 1,470" at -n 100 before).
    uncounted = (_hidden_passing(session, hidden, got.flt)
                 if isinstance(view, Library) and got.total is not None else gone)
    if gone or uncounted:
        got.papers = kept
        if got.total is not None:
            got.total = max(got.total - uncounted, len(kept))
        if view.kind == "starred":  # the reading list is yours: never shorter unsaid
            got.notes.append(_some_hidden(gone, "starred paper"))
            if not kept:  # (said once: as the reason there is nothing)
                got.empty = got.notes.pop()
        elif kept and gone and isinstance(view, Listing):
            # A day's listing is the Hub's: "22 papers" of a day it listed 23 on left the
            # one you hid unsaid, as `starred` says its own.
            got.notes.append(_some_hidden(gone, "listed paper"))
        elif not kept and gone:  # every one hidden: not "no papers", nor a reason for none
            got.empty = _all_hidden(uncounted if isinstance(view, Library) else gone)
    return got


def yours_kept(session: Session, flt: Filter, drop: set[str]) -> list[Paper]:
    """The kept records (`reading.kept_copies`) of the papers `flt` keeps by your own marks
    (`--starred`, `--tag`, `--noted`: a few ids) that the library lacks and that pass the
    rest of `flt`, but those in `drop` (hidden): an export of your papers writes them as
    `papers starred` lists them. After `papers cache clear`, `export --starred` wrote `[]`
    while `starred -f bibtex` had them all. None without such a filter."""
    marks = [ids for ids in (flt.starred, flt.noted) if isinstance(ids, frozenset)]
    if flt.tags:
        marks.append(tagged_ids(flt.tags))
    if not marks or not session.has_userdb():
        return []
    wanted = frozenset.intersection(*marks) - drop
    if not wanted:
        return []
    ids = sorted(wanted)
    present = session.store().present(ids) if session.library_path.is_file() else set()
    absent = [pid for pid in ids if pid not in present]
    return [paper for paper in _kept_copies(session, absent).values() if flt.matches(paper)]


def yours_left_out(session: Session, flt: Filter, drop: set[str]) -> str | None:
    """What to say of the papers `--noted` or `--tag` keeps (with your other marks'
    filters) that no listing or export can include: the library lacks them (noted or
    tagged offline, or their rows gone) and no copy of them is kept (`reading.unlisted`),
    but those in `drop` (hidden). `export --noted --split` said "wrote 3 notes" of 5
    noted papers, and `search --tag robotics` listed 2 of 4 tagged ones, the others lost
    without a word (`papers tags` counts such papers apart). None when every paper the
    tags carry is such a one: the listing is empty and `why_none` says why."""
    noted = isinstance(flt.noted, frozenset) and bool(flt.noted)
    if not (noted or flt.tags) or not session.has_userdb():
        return None
    marks = [ids for ids in (flt.starred, flt.noted) if isinstance(ids, frozenset)]
    carrying = tagged_ids(flt.tags) if flt.tags else frozenset()
    if flt.tags:
        marks.append(carrying)
    ids = sorted(frozenset.intersection(*marks) - drop)
    if not ids:
        return None
    from papercli.reading import unlisted
    from papercli.tags import MAX_LOOKED_UP

    with session.userdb() as udb:
        lacking = unlisted(session, udb, ids)
        if lacking and flt.tags and len(carrying) <= MAX_LOOKED_UP:
            rest = sorted(carrying - set(lacking))  # (hidden, or not noted: asked too)
            if not rest or len(unlisted(session, udb, rest)) == len(rest):
                return None  # (none listed: `why_none` says why, `tags.not_in_library`)
    if not lacking:
        return None
    how = "noted" if noted else "tagged"
    first = lacking[0]  # (in a note's 80 columns: the one paper's command whole)
    if len(lacking) == 1:
        return fitting(f"left out {how} {first}, not in the library yet: papers show {first} "
                       "fetches it",
                       f"left out {how} {first}, not in the library: papers show {first}",
                       f"left out {how} {first}, not in the library: papers show ID",
                       room=NOTE_ROOM)
    many = plural(len(lacking), f"{how} paper")
    return fitting(f"left out {many} not in the library yet ({first}, …): papers show ID "
                   "fetches each",
                   f"left out {many} not in the library: papers show ID fetches each",
                   f"left out {many} not in the library: papers show ID",
                   room=NOTE_ROOM)


def _kept_copies(session: Session, ids: Sequence[str]) -> dict[str, Paper]:
    """`reading.kept_copies` of `ids` (none asked: the user database is not opened)."""
    if not ids:
        return {}
    from papercli import reading

    with session.userdb() as udb:
        return reading.kept_copies(session, udb, ids)


def none_exported(session: Session, flt: Filter, hidden: set[str]) -> str | None:
    """Why an export of the library through `flt` holds no paper, for the output owner to
    say whatever the document (it said nothing: `_No papers._` on stdout alone): the
    library is empty, every paper that passes is `hidden`, or none passes the filters."""
    store = session.store()
    if not store.max_rowid():
        return empty_library("nothing is exported")  # (82 columns with "there is nothing to")
    if hidden and (passing := store.count_among(flt, hidden)):
        return ("the one paper to export is hidden (--hidden includes it, marked)"
                if passing == 1 else f"all {passing:,} papers to export are hidden (--hidden "
                "includes them, marked)")
    return None if flt.is_empty else no_paper(flt)


def _some_hidden(count: int, noun: str) -> str:
    """Why a list is `count` papers short: "1 starred paper is hidden (--hidden lists
    it)" (`noun`: "starred paper", "listed paper")."""
    return (f"{plural(count, noun)} {'is' if count == 1 else 'are'} hidden "
            f"(--hidden lists {'it' if count == 1 else 'them'})")


def _all_hidden(count: int, exact: bool = True) -> str:
    """Why a view that had papers shows none: `count` of them (`exact`: else at least),
    every one hidden."""
    if count == 1 and exact:
        return "the one paper to list is hidden (--hidden lists it)"
    return (f"all {'' if exact else 'of at least '}{count:,} papers to list are hidden "
            "(--hidden lists them)")


def _hidden_streamed(session: Session, view: View, got: Gathered, hidden: set[str]
                     ) -> Gathered:
    """`_hidden_papers` for a streamed listing, without reading it first: every hidden
    paper marked (--hidden), or left out as the stream is read and taken off its count
    (the hidden papers are few: each is looked up)."""
    from papercli.exporters import LazyPapers

    stream = got.stream
    assert stream is not None
    if view.hidden:
        for pid in hidden:
            got.extras.setdefault(pid, {})["hidden"] = True
        return got
    if isinstance(view, Search):
        return got  # the index left them out already (`without`)
    count = None
    if got.total is not None:
        passing = _hidden_passing(session, hidden, got.flt)
        count = got.total = max(got.total - passing, 0)
        if not count and passing:  # every one hidden (`_hidden_papers`)
            got.empty = _all_hidden(passing)
    got.stream = LazyPapers(lambda: (p for p in stream if p.id not in hidden), count)
    return got


def _hidden_passing(session: Session, hidden: set[str], flt: Filter | None) -> int:
    """How many hidden papers the library has that pass `flt` (a count made with them,
    taken off): one query, not a lookup of each (a second with 3,000 hidden)."""
    from papercli.filters import Filter

    return session.store().count_among(flt if flt is not None else Filter(), hidden)


class Listing(View):
    """A Daily Papers listing: `period` today, day, week or month; `arg` its date, week
    (YYYY-Www) or month (YYYY-MM), None for the current one."""

    kind: ClassVar[str] = "listing"
    period: str = "today"
    arg: str | None = None

    def span(self) -> Span:
        from papercli import periods  # lazy: date parsing only for a listing

        if self.period in ("day", "week", "month"):
            return periods.named(self.period, self.arg)
        raise ValueError(f"not a period: {self.period!r}")

    def fetch(self, session: Session) -> ListingResult:
        from papercli import listings  # lazy: the Hub client behind it

        if self.period == "today":
            return listings.get_today(session)
        return listings.get_listing(session, self.span())

    def collect(self, session: Session, flt: Filter) -> Gathered:
        from papercli import listings  # lazy: the Hub client behind it

        result = self.fetch(session)
        view = (self.replace(period="day", arg=result.period.value)
                if self.period == "today" else self)
        kept = flt.apply(result.papers)
        # `today` showing an earlier day says so in its title; JSON, ids and CSV have none,
        # and a cron line saving them by date would file Friday's papers under Saturday.
        earlier = ([f"{result.period.value} shown ({result.earlier})"]
                   if result.earlier and not self.table else None)
        return Gathered(
            view, result.title, kept, listings.provenance(result), flt,
            sort_by=self.sort or session.config.get("display.sort"),
            limit=self.limit_in(session), warnings=fetch_warnings(result.stale, result.skipped),
            notes=earlier,
            empty=_empty_reason(result, kept, flt, today=self.period == "today",
                                typed=self.arg),
            none_found=listings.none_listed(result.period, result))


def _empty_reason(result: Any, kept: list[Paper], flt: Filter, *, today: bool,
                  typed: str | None = None) -> str | None:
    """Why an empty listing is empty: the filters left none of the listed papers out
    ("No papers." alone read as if the day had none), and where to look instead (the
    quick start's `today --family LLaVA` on a day without one); a weekend day, or a period
    still running with nothing listed yet (`listings.empty_line`)."""
    from papercli.listings import empty_line, empty_today_line

    if kept:
        return None
    if result.papers:
        return _none_listed(result.papers, flt)
    return empty_today_line() if today else empty_line(result.period, result, typed)


def _none_listed(listed: Sequence[Paper], flt: Filter) -> str:
    """None of the `listed` papers passes `flt`: "none of the 3 listed papers has a model
    on the Hub (papers search looks further)". Fitted to a note's 80 columns: a long
    author or two filters made it 108 and more (`_none_passing`). Under --has-model, the
    papers the warning before it left out, their models not known yet, are not counted
    among those without: "none of the 8 other papers" ("none of the 17 listed papers has
    a model" after "9 papers left out: their linked models are not known yet")."""
    hints = ("papers search looks further", "try papers search")
    unknown = len(flt._replace(has_model=MODELS_UNKNOWN).apply(listed)) if (
        flt.has_model and flt.has_model is not MODELS_UNKNOWN) else 0
    if unknown:  # (as many as `unknown_models` warns of: the listing's papers are its own)
        return _none_passing(len(listed) - unknown, "other paper", flt, hints=hints,
                             bare=True)  # ("the only other paper does not have a model …")
    return _none_passing(len(listed), "listed paper", flt, hints=hints)


# Characters a filter's word or name keeps in a no-match line too long with them whole.
_CUT_VALUES = 16


def _none_passing(n: int, noun: str, flt: Filter, *, whose: str = "the",
                  hints: Sequence[str] = (), bare: bool = False) -> str:
    """`words.none_match` of `flt`'s criteria, fitted to a note's 80 columns: said whole
    with each of `hints` (best first, in brackets), then (`bare`) without one, then with
    its long words and names cut short ("is by Maximilian Alex…"), then the filters said
    as "the filter(s)" (the user just typed them; the hint is what to do), with the last
    hint. With no paper at all to pass (`n` 0): "no starred paper passes the filters"."""
    def said(says: Sequence[str]) -> str:
        return none_match(n, noun, says, whose=whose) if n else f"no {noun} {joined(says)}"

    says = flt.says()
    tails = [f" ({hint})" for hint in hints] or [""]
    return fitting(*(said(says) + tail for tail in tails), *([said(says)] if bare else []),
                   said(flt.says(cut=_CUT_VALUES)) + tails[-1],
                   said([_passes(says)]) + tails[-1], room=NOTE_ROOM)


def no_paper(flt: Filter, where: str = "in the library", query: str | None = None) -> str:
    """`flt.no_paper` (search's, the library's and export's no-match line) fitted to a
    note's 80 columns, as a listing's (`_none_passing`): said whole, then with "library
    paper" for "paper in the library" ("Hub or library paper"), then with its long words
    and names cut short, then the filters said as "the filters"; each with the query
    quoted whole (60 characters), then cut shorter. Five filters or a long author made
    it 133 and 149 columns."""
    from papercli.sanitize import quoted

    short = "Hub or library paper" if "Hub" in where else "library paper"
    ways: list[str] = []
    for said in ((quoted(query, 60), quoted(query, 30), quoted(query, 16)) if query
                 else (None,)):
        ways += [flt.no_paper(where, said), flt.no_paper("", said, noun=short),
                 flt.no_paper(where, said, cut=_CUT_VALUES),
                 flt.no_paper("", said, noun=short, cut=_CUT_VALUES),
                 flt.no_paper(where, said, gist=True),
                 flt.no_paper("", said, noun=short, gist=True)]
    return fitting(*ways, room=NOTE_ROOM)


def _meant(none_found: str, query: str, meant: str) -> str:
    """The no-match line with the query it may have meant (`search.did_you_mean`), in a
    note's 80 columns: the line whole, then the query said shorter."""
    from papercli.sanitize import quoted

    return fitting(f"{none_found}; did you mean {quoted(meant, 60)}?",
                   f"nothing matches {quoted(query, 24)}; did you mean {quoted(meant, 30)}?",
                   f"nothing matches; did you mean {quoted(meant, 40)}?",
                   none_found, room=NOTE_ROOM)


def _passes(says: Sequence[str]) -> str:
    """The filters of a no-match line said as such, where naming them ran past 80."""
    return "passes the filter" if len(says) == 1 else "passes the filters"


class ArxivAnnouncement(View):
    """arXiv's latest announcement of `categories` (the followed ones when empty), from
    its RSS (fetch-or-cache); `new_only` leaves out cross-lists and replacements. With
    `day`, or the filter's `since` (to `until`, else today), the papers submitted in
    those days instead, from the API."""

    kind: ClassVar[str] = "arxiv"
    categories: tuple[str, ...] = ()
    new_only: bool = False
    day: date | None = None

    def collect(self, session: Session, flt: Filter) -> Gathered:
        from papercli import arxiv_listing, clock  # lazy: the arXiv client behind it
        from papercli.listings import describe_age

        names = arxiv_listing.followed(session, self.categories)
        title = f"arXiv · {', '.join(names)}"
        first = self.day or flt.since
        if first is not None:
            last = min(self.day or flt.until or clock.today(), max(first, clock.today()))
            got = arxiv_listing.get_submitted(session, names, first, last,
                                              most=arxiv_listing.MAX_LISTED)
            when = f"{first}" if last == first else f"{first} to {last}"
            title += f" · submitted {when}"
            empty_note = arxiv_listing.none_submitted(len(names), (last - first).days + 1)
            briefly = "nothing submitted"
            flt = flt._replace(since=None, until=None)  # the query's range, not a filter
        else:
            got = arxiv_listing.get_announcement(session, names)
            when = f"{got.announced}" if got.announced else ""
            if got.announced:  # an empty feed's date is the day nothing was announced
                title += f" · {'announced ' if got.papers else ''}{got.announced}"
            empty_note = arxiv_listing.EMPTY_NOTE
            briefly = arxiv_listing.EMPTY_BRIEFLY
        papers = got.new_only() if self.new_only else got.papers
        if self.new_only:
            title += " · new only"
        about = ("fetched now" if not got.from_cache else
                 f"cached {describe_age(got.fetched_at)}" if got.fetched_at else "")
        empty = None
        if not got.papers:  # an empty table shows no caption: the title says it
            title += f" · {empty_note}"
            about = f"{empty_note}; {about}" if about else empty_note
            # (the listing named, then why: "arXiv · cs.CL · no announcement…"; said in
            # fewer words, then with its categories counted, where a line of 80 columns
            # would not hold it: two categories' weekend made 107)
            named = [", ".join(names)]
            if len(names) > 1:
                named.append(plural(len(names), "category", "categories"))
            empty = fitting(title, *(" · ".join(part for part in ("arXiv", cats, when, briefly)
                                                if part) for cats in named), room=NOTE_ROOM)
        warnings = got.warnings()
        if got.skipped:
            warnings.append(f"skipped {plural(got.skipped, 'malformed entry', 'malformed entries')}"
                            " in arXiv's answer")
        kept = flt.apply(papers)
        about = " · ".join(part for part in (got.kinds(kept), about) if part)
        if papers and not kept:
            empty = _none_listed(papers, flt)
        elif got.papers and not papers:  # (--new-only: cross-lists and replacements only)
            empty = ("the one paper listed is a cross-list or a replacement (without "
                     "--new-only it is listed)" if len(got.papers) == 1 else
                     f"all {len(got.papers):,} papers listed are cross-lists or replacements "
                     "(without --new-only they are listed)")
        return Gathered(self.replace(categories=tuple(names)), title, kept,
                        about, flt, sort_by=self.sort or session.config.get("display.sort"),
                        limit=self.limit_in(session), warnings=warnings, empty=empty)


class _Queried(View):
    """A view of typed words (`Search`, the browser's `LibraryText`), whose filter
    qualifiers (`org:google`) are filters as the options are (`search.qualified`)."""

    query: str = ""

    def filter_options(self) -> FilterOptions:
        """The filters given, and the query's qualifiers as options."""
        return self._qualified()[1]

    def _qualified(self) -> tuple[str, FilterOptions]:
        """(the words left to search, the options with the qualifiers)."""
        from papercli.search import qualified  # lazy: the Hub client behind it

        return qualified(self.query, self.filters)

    def _words_or_library(self, session: Session, flt: Filter) -> str | Gathered:
        """The words to search, or, for qualifiers alone (`org:google`: `--org google`),
        the library through them, as the options alone browse it."""
        words = self._qualified()[0]
        if words.strip():
            return words
        got = Library(filters=self.filters, sort=self.sort, limit=self.limit,
                      table=self.table, hidden=self.hidden).collect(session, flt)
        got.warnings[:0] = qualifier_warnings(self.query)  # (`stars:50` left out)
        return got


class Search(_Queried):
    """The Hub's search fused with the library's full text, in relevance order."""

    kind: ClassVar[str] = "search"

    def collect(self, session: Session, flt: Filter) -> Gathered:
        """The search for the query's words, through `flt` (which holds the query's
        qualifiers: `filter_options`); qualifiers alone browse the library as the options
        do."""
        from papercli import search as searching  # lazy: the Hub client behind it

        query = self._words_or_library(session, flt)
        if not isinstance(query, str):
            return query
        limit = self.limit_in(session)
        sort_by = self.sort if self.sort != "trending" else None
        # Relevance order can stop at the limit; another order is asked of the index
        # (`search.search`'s `order`), else every hit streams by and a top N is kept.
        # Hidden papers are left out in the index's query, so a page still fills.
        hidden = () if self.hidden else hidden_ids(session)[0]
        # -n 0 in relevance order: the library's hits streamed (memory flat in the matches);
        # so are they for -n N in another order, a top N kept as they go by.
        ordered = bool(limit and sort_by)
        by_field = sort_by if ordered and sort_by != "relevance" else None
        taste, near = None, None
        notes: list[str] = []
        if ordered and sort_by == "relevance":
            # Your taste's page: among the papers nearest its words when there are many
            # matches (`search.search`'s `near`); without a model, most upvoted first.
            taste = load_taste(session)
            notes = taste.notes
            if taste.ready:  # (its first block: `_search_ranked` asks for the others)
                from papercli.ranking import near_blocks

                end, pool = near_blocks(limit)[0]
                near = searching.Near(taste.words(), pool, min(end, limit))
            else:
                by_field = "upvotes"
        # A limit is asked for in relevance order or another order the index keeps.
        asked = (limit or None) if by_field or not sort_by else None
        result = searching.search(session, query, flt, asked, without=hidden,
                                  stream=ordered or (not limit and not sort_by), order=by_field,
                                  near=near)
        papers, ranked = result.papers, False
        # (a taste's note may say it; offline with nothing found, the caller says it its
        # own way: an assistant's answer names how to start the server online)
        found_none = not papers and not result.total
        empty = none_found = None
        if (result.empty_library and (papers or not session.offline)
                and not any("library is empty" in n for n in notes)):
            # The Hub's hits show only when it answered (or a copy of its answer is kept):
            # with it out of reach, "only the Hub's hits show" sat under "searching the
            # local library only", over no hits at all; so it did when the Hub had none
            # (`remote`: its hits that pass the filters, 0 when it failed).
            answered = bool(result.remote)
            empty = searching.empty_note(hub_asked=answered, noted=bool(result.noted))
            if not found_none:
                notes.append(empty)
                empty = None
        elif (found_none and not result.empty_library and result.searched
              and searching.ids_in(query) is None):
            # "Search: QUERY: no papers" said it in the table's title; (ids not found are
            # named already). The index left the hidden papers out: were they all there was?
            held = searching.local_search(session.store(), query, flt, 1) if hidden else None
            where = "in the library" if result.remote is None else "on the Hub or in the library"
            if held and held.total:
                empty = _all_hidden(held.total, held.exact)
            else:  # (the words searched: `NEAR(a b)` is a b, as the warning said)
                searched = searching.read_query(query).text
                none_found = no_paper(flt, where, searched)
                meant = searching.did_you_mean(session.store(), query, flt, without=hidden)
                if meant is not None:
                    none_found = _meant(none_found, searched, meant)
        extras: pipeline.Extras = {}
        if taste is not None and (result.ordered or result.near or result.stream is not None):
            # (the page most upvoted first without a model; the nearest papers; every hit)
            among = (papers if result.ordered or result.near or result.stream is None
                     else result.stream)
            if result.near and near is not None:
                scored, note = _search_ranked(taste, result, near, limit)
                notes.append(note)
            else:
                scored = taste.rank(iter(among), limit).scored
            papers, extras = [s.paper for s in scored], _score_extras(scored, False)
            result.stream, sort_by, ranked = None, None, True
        elif result.ordered:
            sort_by = None  # the index's page, in that order already
        elif ordered and result.stream is not None:
            papers = pipeline.top(result.stream, sort_by or "trending", limit)
            result.stream, sort_by = None, None
        # (the Hub's hits the library matches too are counted once, as the Hub's: "1 from
        # the Hub, 1 in the library" of one paper read as two)
        both = min(result.both, result.local) if result.remote else 0
        local = (f"{result.local - both:,}" if result.local_exact
                 else f"at least {result.local - both:,}") + (" more" if both else "")
        about = ", ".join([
            *([] if result.remote is None else [f"{result.remote:,} from the Hub" + (
                f" cached {result.hub_cached}" if result.hub_cached else "")]),
            *([f"{result.arxiv:,} from arXiv"] if result.arxiv else []),
            # (a paper your note finds is in the library too: "0 in the library" misled)
            *([] if (result.noted and not result.local) or result.empty_library
              else [f"{local} in the library"]),
            *([f"{result.noted:,} from your notes"] if result.noted else [])])
        got = Gathered(
            self, searching.caption(query), papers, about, flt,
            sort_by=sort_by, limit=limit, total=max(result.total, len(papers)),
            # (a stream's total is its hits counted, so an empty one says so too: -n 0)
            # (the query as typed: its count qualifiers are off the words searched)
            warnings=qualifier_warnings(searching.typed(self.query),
                                        found_none=not papers and not result.total)
            + fetch_warnings(result.stale, result.skipped),
            stream=result.stream, at_least=not result.local_exact, extras=extras,
            ranked=ranked, notes=notes, empty=empty, none_found=none_found)
        got.missing = result.missing
        return got


def _ranked_in_blocks(taste: Any, page: int,
                      block: Callable[[int, int, int], tuple[Iterable[Any], bool] | None]
                      ) -> list[Any] | None:
    """The best `page` papers by `taste`, block by block (`ranking.near_blocks`): each
    block the best of its candidates less the papers of the blocks before, so a longer
    page (the MCP's next offset) starts with the same papers in the same order.
    `block(n, pool, end)` gives the n-th block's candidates (`pool` of them for a page
    ending at `end`) and whether they are every match left (no pool: the rest of the page
    is the best of them, and no block comes after), or None for no such block (None is
    returned when the first has none)."""
    from papercli.ranking import near_blocks

    kept: list[Any] = []
    seen: set[str] = set()
    for n, (end, pool) in enumerate(near_blocks(page)):
        got = block(n, pool, min(end, page))
        if got is None:
            return None if n == 0 else kept
        among, every = got
        want = page - len(kept) if every else min(end, page) - len(kept)
        found = taste.rank((p for p in among if p.id not in seen), want)
        kept.extend(found.scored)
        seen.update(s.paper.id for s in found.scored)
        if every or len(found.scored) < want:
            break
    return kept


def _near_ranked(store: Any, taste: Any, flt: Filter, page: int
                 ) -> tuple[list[Any], int, bool, str] | None:
    """The best `page` papers of the library by `taste` (`_ranked_in_blocks`), each block
    among the papers nearest the taste's words. Also how many match, whether exactly, and
    the note saying what was ranked; None when every match is better ranked (no pool)."""
    total, exact, note = 0, True, ""

    def block(n: int, pool: int, end: int) -> tuple[Iterable[Any], bool] | None:
        nonlocal total, exact, note
        near = store.nearest("", flt, taste.words(), pool, page=end)
        if near is None:  # (past the first block: the rest are the best of every match)
            return None if n == 0 else (store.browse_all(flt), True)
        total, exact = near.total, near.exact
        note = near_note(len(near.papers), total, None if exact else pool)
        return near.papers, False

    kept = _ranked_in_blocks(taste, page, block)
    return None if kept is None else (kept, total, exact, note)


def _search_ranked(taste: Any, result: Any, near: Any, page: int) -> tuple[list[Any], str]:
    """The best `page` of a search's matches by `taste` (`_ranked_in_blocks`): the first
    block's candidates are `result.papers` (`near`'s pool of them), the later ones come
    from `result.later`. Also the note saying what was ranked (`result`'s counts become
    the last block's)."""
    note = near_note(len(result.papers), result.total,
                     None if result.local_exact else near.pool)

    def block(n: int, pool: int, end: int) -> tuple[Iterable[Any], bool] | None:
        nonlocal note
        if n == 0:
            return result.papers, False
        if result.later is None:
            return None
        got = result.later(pool, end)
        if got.among is not None:
            note = near_note(got.among, result.total, None if result.local_exact else pool)
        return got.papers, got.among is None

    return _ranked_in_blocks(taste, page, block) or [], note


class Library(View):
    """The library through the filters, newest first (no network): `papers search`
    without a query. The page is picked (and sorted) in SQL."""

    kind: ClassVar[str] = "search"

    def collect(self, session: Session, flt: Filter) -> Gathered:
        got = self._collected(session, flt)
        # ("Library · keyword x: no papers" before; an empty library: `search` says that)
        if got.maybe_none and not flt.is_empty and session.store().max_rowid():
            got.none_found = no_paper(flt)
        if (flt.noted or flt.tags) and (said := yours_left_out(
                session, flt, set() if self.hidden else hidden_ids(session)[0])):
            got.notes.append(said)  # (noted or tagged offline: not lost without a word)
        return got

    def _collected(self, session: Session, flt: Filter) -> Gathered:
        limit = self.limit_in(session)
        sort_by = self.sort if self.sort != "trending" else None
        kept = yours_kept(session, flt, set())  # (hidden: left out by `_hidden_papers`)
        hidden = set() if self.hidden or not (limit or kept) else hidden_ids(session)[0]
        if kept:
            return self._with_kept(session, flt, kept, hidden, limit, sort_by or "new")
        # A page asks for as many more as there are hidden papers (left out after), so it
        # still fills the limit.
        spare = len(hidden)
        if sort_by == "relevance":
            return self._ranked(session, flt, limit, spare)
        if not limit:
            return self._streamed(session, flt, sort_by or "new")
        page = session.store().browse(flt, limit=limit + spare, sort=sort_by or "new")
        return Gathered(self, "Library", page.papers, "from the local library", flt,
                        limit=limit, total=page.total, at_least=not page.exact)

    def _with_kept(self, session: Session, flt: Filter, kept: list[Paper], hidden: set[str],
                   limit: int, order: str) -> Gathered:
        """Your papers (`--starred`, `--tag`, `--noted`) with the kept copies of those the
        library lacks (`yours_kept`), as `papers starred` and `export` list them: after
        `papers cache clear`, `search --tag x` listed none. Few: the library's that pass
        and the kept ones are sorted, ranked and cut as one list by the pipeline (the
        hidden ones are left out after, by `_hidden_papers`)."""
        had = list(session.store().browse_all(flt, sort=order))
        held, copies = (sum(1 for paper in papers if paper.id not in hidden)
                        for papers in (had, kept))
        about = ", ".join([*([f"{held:,} from the local library"] if held else []),
                           *([f"{copies:,} from kept copies (not in the library)"]
                             if copies else [])])
        return Gathered(self, "Library", [*had, *kept], about, flt, sort_by=order,
                        limit=limit)

    def _ranked(self, session: Session, flt: Filter, limit: int, spare: int) -> Gathered:
        """The library through the filters ranked by your taste, streamed from its cursor
        into `Taste.rank`'s top-k: memory follows -n, not the library. A page of more
        papers than `ranking.near_pool` is ranked among those nearest the taste's words
        (`Store.nearest`); without a model, it is the most upvoted (`browse`'s page)."""
        store, taste = session.store(), load_taste(session)
        notes = taste.notes
        total, exact = None, True
        near = (_near_ranked(store, taste, flt, limit + spare) if limit and taste.ready
                else None)
        if near is not None:
            scored, total, exact, note = near
            notes.append(note)
        else:
            among: Iterable[Paper] | None = None
            if limit and not taste.ready:
                among, total, exact = store.browse(flt, limit=limit + spare, sort="upvotes")
            found = taste.rank(store.browse_all(flt) if among is None else iter(among),
                               limit + spare if limit else 0)
            scored, total = found.scored, found.total if total is None else total
        return Gathered(self, "Library", [s.paper for s in scored], "from the local library",
                        flt, limit=limit, total=total, at_least=not exact,
                        extras=_score_extras(scored, False), ranked=True, scored=scored,
                        notes=notes)

    def _streamed(self, session: Session, flt: Filter, order: str) -> Gathered:
        """Every paper through the filters, in `order`, read from the library's cursor as
        it is written (`papers export`'s way): -n 0 of a million-paper library holds one
        paper at a time. Counted in SQL first, unless a filter only Python can check
        (then counted by a pass of its own, if the caption is asked for)."""
        from papercli.exporters import LazyPapers

        store = session.store()
        total = None if flt.in_python else store.browse(flt, limit=1, sort=order)[1]
        return Gathered(self, "Library", [], "from the local library", flt, total=total,
                        stream=LazyPapers(lambda: store.browse_all(flt, sort=order), total))


class LibraryText(_Queried):
    """The library's full-text hits for `query` (no network): the browser's filter as
    you type."""

    kind: ClassVar[str] = "filter"

    def collect(self, session: Session, flt: Filter) -> Gathered:
        from papercli import search as searching  # lazy: the search index

        query = self._words_or_library(session, flt)
        if not isinstance(query, str):
            return query
        limit = self.limit_in(session)
        # The index leaves the hidden papers out, as `papers search`'s does, so the page
        # still fills and the count is search's (dropped after the limit, a hidden hit made
        # "199 of 263" where search said "200 of 263").
        hidden = () if self.hidden else hidden_ids(session)[0]
        hits = searching.local_search(session.store(), query, flt, limit or None,
                                      without=hidden)
        searched, borrowed = searching.read_query(query)  # (as `papers search` says it)
        got = Gathered(self, f"Filter: {self.query}", hits.papers, "library full-text", flt,
                       sort_by=self.sort, limit=limit, total=hits.total,
                       at_least=not hits.exact, warnings=[borrowed] if borrowed else [])
        named = searching.ids_in(query)
        if named is not None:  # each id hidden said, as `papers search ID` says it
            got.notes.extend(searching.hidden_note(pid, whole=True) for pid in named
                             if pid in hidden)
        elif hidden and not hits.total:  # every hit hidden: said so, not "no paper matches"
            held = searching.local_search(session.store(), query, flt, 1)
            if held.total:
                got.empty = _all_hidden(held.total, held.exact)
        if not hits.total and named is None and not got.empty:  # (as `Search` says it)
            got.none_found = no_paper(flt, "in the library", searched)
        return got


class Starred(View):
    """The reading list, most recently starred first (no network)."""

    kind: ClassVar[str] = "starred"
    unread: bool = False

    def collect(self, session: Session, flt: Filter) -> Gathered:
        from papercli import reading  # lazy: the user database

        with session.userdb() as udb:
            items = reading.starred(session, udb, flt)
            every = udb.star_ids() if not items and not flt.is_empty else set()
        none_yet = not items and flt.is_empty
        unstarred = not items and not flt.is_empty and not every  # (none at all, filtered)
        hidden = set() if self.hidden else hidden_ids(session)[0]  # (left out after)
        starred = sum(1 for i in items if i.paper.id not in hidden)
        unread = sum(1 for i in items if not i.read_at and i.paper.id not in hidden)
        # Stars, none through the filters: "No papers." alone read as if there were none.
        # (Every one hidden: none of them matches either.)
        passed = len(every - hidden) or len(every)
        if self.unread:  # "2 unread · 5 starred": the list is the unread ones
            items = [i for i in items if not i.read_at]
        return Gathered(
            self, "Starred papers" + (" · unread" if self.unread else ""),
            [i.paper for i in items],
            f"{starred:,} starred" if self.unread else f"{unread:,} unread", flt,
            sort_by=self.sort, limit=self.limit_in(session),
            noun="unread" if self.unread else "starred",
            # (starred_order as an export gives it: what same-second stars are imported by)
            extras={i.paper.id: {"starred_at": i.starred_at, "starred_order": i.place,
                                 "read_at": i.read_at, "read": i.read_at is not None}
                    for i in items},
            empty=NO_STARS
            if none_yet else _none_passing(passed, "starred paper", flt, whose="your")
            if passed or unstarred
            else ("your starred paper is read" if starred == 1
                  else f"all {plural(starred, 'starred paper')} are read")
            if self.unread and starred and not unread else None)


class New(View):
    """What is new since the last look (`papercli.new`): papers matching a watch (or all),
    grouped by watch. Records nothing: `new.record_new` does, once they are shown."""

    kind: ClassVar[str] = "new"
    show_all: bool = False
    withdrawn: bool = False
    watch: str | None = None  # --watch NAME: that watch's papers alone (`find_new`'s only)

    def collect(self, session: Session, flt: Filter) -> Gathered:
        from papercli import new as news  # lazy: the listings behind it

        notes: list[str] = []  # the taste's, if it ranks them: said as notes, not warnings
        with session.userdb() as udb:
            result = news.find_new(session, udb, flt=flt, show_all=self.show_all,
                                   sort=self.sort, withdrawn=self.withdrawn,
                                   hidden=self.hidden, only=self.watch,
                                   rank=ranker(session, notes=notes))
        return Gathered(
            self, f"New papers · {span_text(result.first_day, result.end)}",
            [i.paper for i in result.items], flt=flt, limit=self.limit_in(session),
            extras=result.extras, warnings=list(result.warnings), new=result,
            ranked=any("score" in e for e in result.extras.values()), notes=notes)


class NewNotes(NamedTuple):
    """What `papers new` says on stderr after the list, in its two parts: how the look went
    (first use, capped, offline) and the count (how many papers it showed and whether they
    are now seen, or nothing new). Kept apart so that a list captioned with its own count
    (the browser's) leaves out the count by what it is, not by where it stands."""

    look: list[str]
    count_line: str
    # after the count, what the limit held back: a line of its own, so that neither runs
    # past 80 columns ("4 of 71 new papers …; the 4 shown are seen", "67 left for …")
    rest: tuple[str, ...] = ()

    @property
    def lines(self) -> list[str]:
        return [*self.look, self.count_line, *self.rest]


def new_notes(result: NewResult, shown: int, peek: bool) -> NewNotes:
    """What `papers new` says on stderr after the list (see NewNotes), each line within
    80 columns with its "papers: " (`fitting`). The days read are said once, in the count
    line (or "nothing new in the listings of …"): the first-run line said them again."""
    total = len(result.items)
    span = span_text(result.first_day, result.end, " to ")
    read_days = result.days - len(result.missing)
    notes = []
    if result.first_use and result.days:  # (no days: followed arXiv categories alone)
        looks = [f"{who}: looked at the last {plural(result.days, 'day')}"
                 for who in _first_look(result)]
        # there was no last check: new.first_days asked for more than papers new reads
        notes.append(fitting(
            *(f"{looked}; new.first_days is more, but {result.days} is the most"
              for looked in looks),
            *(f"{looked}, the most (new.first_days is more)" for looked in looks),
            *(f"{looked}, the most" for looked in looks), room=NOTE_ROOM)
            if result.capped else fitting(*looks, room=NOTE_ROOM))
    elif result.capped:
        notes.append(f"the last check was long ago; looked at the last {result.days} days only")
    if result.looked_back:  # a watch added (or redefined) since the last run
        back_to = min(result.looked_back.values())
        said = f"also looked back to {back_to}"
        if missed := len(result.lookback_missing):  # offline: those days were not cached
            saids = [f"{said}; {plural(missed, 'day')} not in the library: again next time",
                     f"{plural(missed, 'look-back day')} not cached: again next time"]
        elif peek:  # nothing recorded: the next run looks back for the same papers again
            saids = [f"{said}, and will again (--peek)"]
        elif any(i.day < result.start.isoformat()
                 for i in result.items[shown:]):  # (`new.record_new`)
            saids = [f"{said}; the rest next time"]
        else:
            saids = [f"{said}, this once"]
        notes.append(_new_watches(list(result.looked_back), saids))
    if result.cached_only and result.days:  # (no days: followed arXiv categories alone)
        # Why: "offline" only when asked to be (--offline, network.offline); the Hub's
        # failure else, where "offline: used the cached listings of 1 of 1 days" said
        # an offline nobody asked for, in a count of one. The days read are named.
        from datetime import timedelta

        why = result.hub_failed or "offline"
        read = [day for day in (result.start + timedelta(days=n) for n in range(result.days))
                if day not in result.missing]
        if len(read) == 1:
            ways = [f"{why}: used the cached listing of {read[0]}"]
        elif result.missing:
            ways = [f"{why}: used the cached listings of {read_days} of {result.days} days"]
        else:
            ways = [f"{why}: used the cached listings of {span_text(read[0], read[-1], ' to ')}",
                    f"{why}: used the cached listings of {read_days} days"]
        if result.missing:
            days = [d.isoformat() for d in result.missing]
            ways = [f"{ways[0]}; not in the library: {', '.join(days[:n])}"
                    f"{'…' if len(days) > n else ''} (looked at again next time)"
                    for n in (5, 3, 2, 1)]
            ways += [f"{why}: {read_days} of {result.days} days cached; not cached: "
                     f"{', '.join(days[:n])}{'…' if len(days) > n else ''} (read next time)"
                     for n in (3, 2, 1)]
            ways.append(f"{why}: {read_days} of {result.days} days cached; the rest read "
                        "next time")
        notes.append(fitting(*ways, room=NOTE_ROOM))
    if result.filtered_out and not peek:
        from papercli.new import next_start  # lazy: as the view's other new imports

        # Not marked seen, but the next run starts after their days: they are gone.
        start = next_start(result, {i.paper.id for i in result.items[:shown]})
        if gone := sum(day < start for day in result.filtered_out):
            them = "it" if gone == 1 else "them"
            notes.append(fitting(
                f"{plural(gone, 'more new paper')} left out by the filters given; the next "
                f"papers new will not show {them} (--peek looks without moving on)",
                f"{plural(gone, 'more new paper')} left out by the filters: not shown again "
                f"(--peek keeps {them})",
                f"{gone:,} more left out by the filters: not shown again (--peek keeps {them})",
                room=NOTE_ROOM))
    if not total:
        return NewNotes(notes, _nothing_new(result))
    what = f"{shown:,} of {total:,}" if shown < total else f"{total:,}"
    rest: tuple[str, ...] = ()
    if peek:  # said once: a second line "--peek looks without moving on" said it again
        tail = "not marked as seen"
    elif shown < total:  # only the papers shown are marked: say so, and what is left
        tail = f"the {shown:,} shown {'is' if shown == 1 else 'are'} seen"
        rest = (f"{total - shown:,} left for the next {_left_for(result, shown)}",)
    else:
        tail = "marked as seen"
    papers = f"new paper{'s' if total != 1 else ''}"
    return NewNotes(notes, fitting(f"{what} {papers} from {span}; {tail}",
                                   f"{what} {papers}, {span}; {tail}",
                                   f"{what} {papers}; {tail}", room=NOTE_ROOM), rest)


def on_days(first: date, last: date) -> str:
    """"on 2026-08-14", or "from 2026-08-14 to 2026-08-16": the days a line speaks for."""
    return f"on {first}" if first == last else f"from {first} to {last}"


def nothing_listed(result: NewResult) -> str | None:
    """Why nothing is new when each day `papers new` read is a Saturday or Sunday and
    listed nothing, as `papers today` says it ("nothing new on 2026-08-15: nothing listed
    on weekends"), where "nothing new in the listings of 2026-08-15" named a listing that
    never was (and "--all: every new paper" sent to one with nothing more); None else."""
    from papercli.listings import WEEKENDS  # lazy: the Hub client behind it

    read = result.days_read
    if result.listed or not read or any(day.weekday() < 5 for day in read):
        return None
    if (read[-1] - read[0]).days + 1 != len(read):
        return None  # (two weekends, the days between not read: not one span)
    return f"nothing new {on_days(read[0], read[-1])}: {WEEKENDS}"


def read_spans(result: NewResult) -> list[str] | None:
    """When some days of `papers new` were not read (the Hub down, offline): the days that
    were, ways to say them best first ("from 2026-08-11 to 2026-08-23" while they run on,
    "in the 13 days read"), so that "nothing new" speaks for these alone ("since
    2026-08-24" spoke for a day never read); None when each day was read; [] when none
    was."""
    read = result.days_read
    if not result.hub_read or len(read) == (result.end - result.first_day).days + 1:
        return None
    if not read:
        return []
    counted = f"in the {plural(len(read), 'day')} read"
    if (read[-1] - read[0]).days + 1 == len(read):
        return [on_days(read[0], read[-1]), counted]
    return [counted]


def _nothing_new(result: NewResult) -> str:
    """The count line when nothing is new (`new_notes`): the days read, a weekend (or a
    weekday, not begun) that listed nothing, or the days read alone when some were not
    ("… of 2026-08-24 to 2026-08-25" said the Hub's day that was neither fetched nor
    cached had nothing)."""
    if weekend := nothing_listed(result):
        return weekend
    read = result.days_read
    if not result.listed and not result.categories and read and read_spans(result) is None:
        # A weekday whose listing holds nothing yet (the morning before the Hub's day
        # begins): "nothing new in the listings of …" named a listing that has no paper.
        yet = " yet" if read[-1] == result.end else ""
        return f"nothing new {on_days(read[0], read[-1])}: nothing listed{yet}"
    spans = read_spans(result)
    if spans is None:
        return f"nothing new in the listings of {span_text(result.first_day, result.end, ' to ')}"
    if not spans:
        return "nothing new: no daily listing could be read"
    read = result.days_read
    return fitting(*([f"nothing new in the listings of {span_text(read[0], read[-1], ' to ')}"]
                     if len(spans) > 1 else []),  # (they run on: named as when all are)
                   f"nothing new {spans[-1]}", room=NOTE_ROOM)


def _first_look(result: NewResult) -> list[str]:
    """Whose first look a first use of the Hub's days is, ways to say it best first: the
    command's ("first run"), or, when `papers new` ran before (for the followed arXiv
    categories alone, or with --watch), the watches' not looked for yet ("first look for
    watch llava", else counted: "first look for 4 watches"), or Daily Papers' (--all, no
    watch). "first run" said the command had never run, and a watch a `--watch` run had
    looked for was named with the others'."""
    from papercli.sanitize import clean_line

    if not result.ran_before:
        return ["first run"]
    names = [clean_line(name, 40) for name in result.first_looks]
    if not names and result.watches:  # each one's look had by a --watch run
        return (["no run without --watch yet"] if result.only is not None
                else ["first run without --watch"])
    if not names:
        return ["first look at Daily Papers"]
    if len(names) == 1:
        return [f"first look for watch {names[0]}", "a new watch's first look"]
    counted = f"first look for {len(names)} watches"
    if len(names) <= 3:
        return [f"first look for watches {', '.join(names[:-1])} and {names[-1]}", counted]
    return [counted]


def _new_watches(names: list[str], saids: list[str]) -> str:
    """ "new watches a, b and 3 more: SAID": up to three of the watches added since the
    last run, as many as the line has room for, the rest counted (naming each made the
    line grow with every watch added), within 80 columns with "papers: " where the names
    allow; `saids`: what is said of them, best first, a shorter one tried when no names
    fit before it."""
    from papercli.sanitize import clean_line

    names = [clean_line(name, 40) for name in names]
    if len(names) == 1:
        named = [f"new watch {names[0]}"]
        counted = "a new watch"
    else:
        named = [f"new watches {', '.join(names[:-1])} and {names[-1]}"] if len(
            names) <= 3 else []  # a few named, the rest counted: n <= 3
        named += [f"new watches {', '.join(names[:n])} and {len(names) - n} more"
                  for n in range(min(3, len(names) - 2), 0, -1)]
        counted = f"{len(names)} new watches"
    return fitting(*(f"{who}: {said}" for said in saids for who in named),
                   *(f"{counted}: {said}" for said in saids), room=NOTE_ROOM)


def _left_for(result: NewResult, shown: int) -> str:
    """The run that shows the papers a limit held back: `papers new --all` for those that
    match no watch (a run without --all reads past them)."""
    from papercli.new import OTHER

    held = [name for name, items in result.groups for _ in items][shown:]  # (`take`)
    other_held = held.count(OTHER)
    if not other_held:
        return "papers new"
    if other_held == len(held):
        return "papers new --all"
    return f"papers new ({other_held:,} of them with --all)"


class ForYou(View):
    """The recent listings (the last 7 days, or --since/--until) ranked by your taste,
    without what you starred, read, tagged or hid (no network). `watch`: the taste of the
    starred, read and tagged papers that watch matches only; a `--tag` filter: of the
    papers carrying the tags only (it seeds, it does not narrow); `like`: the taste of
    these papers only (with a watch or a tag: a usage error)."""

    kind: ClassVar[str] = "for-you"
    explain: bool = False
    watch: str | None = None
    like: tuple[str, ...] = ()

    def collect(self, session: Session, flt: Filter) -> Gathered:
        # lazy: the model only for the views that rank
        from papercli import listings, ranking, reading, watches

        if flt.starred:
            from papercli.errors import UsageError

            error = UsageError("--starred leaves nothing to rank: for-you ranks the papers "
                               "you have not starred yet",
                               hint="rank your reading list with papers starred --sort "
                               "relevance")
            # (the whole of it made 160 columns)
            error.shorter = [("for-you skips starred papers", "try papers starred -s relevance")]
            raise error
        if self.like and (self.watch is not None or flt.tags):
            from papercli.errors import UsageError

            # Each chooses the papers the taste is learned from: neither may silently win.
            other = "--watch" if self.watch is not None else "--tag"
            error = UsageError(f"--like and {other} cannot be combined: each chooses the "
                               "papers the list is ranked by",
                               hint="give one of them; to rank only some papers, add a filter "
                               "(-k WORD, -F FAMILY)")
            # (the whole of it took 179 columns)
            error.shorter = [(f"--like and {other} cannot be combined",
                              "give one; rank only some papers with -k WORD or -F FAMILY"),
                             (f"give --like or {other}, not both",
                              "-k or -F ranks only some papers"),
                             (f"give --like or {other}, not both", "filter with -k or -F")]
            raise error
        ranking.window(flt.since, flt.until)  # a window running backwards: before the taste
        store = session.store()
        # --tag seeds the taste instead of narrowing the candidates (the papers carrying
        # the tag are positives, so they are left out of what is ranked anyway).
        tags = flt.tags
        carrying = tagged_ids(tags)
        keep = flt._replace(since=None, until=None, tags=())
        with session.userdb() as udb:
            left_out = reading.marked(udb) - (udb.hidden() if self.hidden else set())
            left_out |= set(udb.all_tags())
            if tags and not carrying:
                from papercli.tags import none_tagged

                raise none_tagged(udb, tags)
            # Tagged papers the library lacks (tagged offline) teach the taste nothing:
            # the note counts them apart, where "you have 2" read as wrong beside
            # `papers tags`' 4.
            unfetched = (len(set(reading.unlisted(session, udb, sorted(carrying)))
                             - udb.hidden()) if tags else 0)
        # Those the library lacks are warned of and the others ranked by, as `related`
        # ranks by the papers it can have; none had is an error (`_papers_for`).
        liked, unliked = _papers_for(session, self.like)
        given = {p.id for p in liked}
        left_out |= given
        met: set[str] = set()  # the --like papers among the window's, left out as marks are
        selectors: list[Any] = []
        watched: Any = None  # the watch's matcher: without a taste, its papers by upvotes
        showing = "most upvoted first"
        seeds, chosen, by = None, ranking.MARKED, ""
        about = ""  # "by relevance to …": the ids liked, the tag's papers, or `_taste_of`
        helps: str | tuple[str, ...]
        helps, matched, both = f"star papers you like {ranking.STAR_ADVICE}", "papers you like", ""
        in_watch = ""  # the caption's " matching the watch NAME": a part of its own
        if self.watch is not None:
            watch = _watch_named(session, self.watch)
            watched = watches.watch_filter(session, watch).matches
            selectors.append(watched)
            showing = "its papers by upvotes"  # the watch's, named in the line before
            seeds = [watches.seed(session, watch)]
            matched = "those you like"  # the watch's papers, listed
            both = f" matching the watch {watch.name}"  # its stored name, as typed or not
            in_watch = f" · watch {watch.name}"
            # "relevance by the watch NAME needs 3 starred or read papers it matches":
            # "… papers matching the watch NAME" ran the name into the sentence
            by = f" by the watch {watch.name}"
            chosen = f"{ranking.MARKED} it matches"
            helps = f"star {matched} {ranking.STAR_ADVICE}"
        if tags:
            selectors.append(lambda p: p.id in carrying)
            words = " and ".join(tags)
            # tagged counts, starred or not; a long tag is shortened so that "relevance
            # needs 3 papers tagged …" keeps to its 80 columns (it wrapped mid-tag)
            its = " it matches" if by else ""
            # (and the ";" after it, where the line is folded at 80 columns before "you
            # have 2": the tag filled the room, and the fold broke before it)
            room = NOTE_ROOM - len(f"relevance{by} needs {ranking.MIN_POSITIVES} papers "
                                   f"tagged {its};")
            chosen = f"papers tagged {_fit_tag(words, room)}{its}"
            # With a watch, "by relevance to your papers tagged robotics matching the watch
            # NAME" was cut at 80 columns before the watch's name ("… matching the…"): said
            # as a title's filters are, each its own part, both stay in view (a long name
            # is cut at the line's end, not dropped).
            about = (f"by relevance · tag{'s' if len(tags) > 1 else ''} {words}{in_watch}"
                     if in_watch else f"by relevance to your papers tagged {words}")
            # a paper counts by carrying the tag: tagging one helps, a star does not; past
            # 80 columns the shorter, then the command alone (two tags broke it across
            # lines: "papers tag ID robotics" then "  robotics/manip" under it), said, as
            # "tag papers you like" is, as what the user can do (the MCP server's reader
            # took "tag more: …" as its own to do)
            tagging = f"papers tag ID {' '.join(tags)}"
            # (last, where none fits: the command whole on a line of its own)
            helps = (*(f"tag {matched}{said}{tagging}" for said in (" with ", ": ")),
                     f"{tagging} tags one", tagging, f"tag {matched} with:\n{tagging}")
            if seeds is None:
                seeds = []  # the tag's papers are the taste: no other watch's words
        if liked:
            about = "by relevance to " + ", ".join(p.id for p in liked[:3]) + (
                "…" if len(liked) > 3 else "")
        selector = (None if not selectors else selectors[0] if len(selectors) == 1
                    else lambda p: all(s(p) for s in selectors))
        with session.userdb() as udb:
            taste = ranking.Taste.load(
                store, udb, keep=selector, like=liked, chosen=chosen, by=by, helps=helps,
                showing=showing, unfetched=unfetched,
                seeds=seeds if seeds is not None else ([] if liked else watches.seeds(session)))
        limit = self.limit_in(session)
        if not liked and not tags:
            # Named by what the taste is of: "your stars" of read marks or tags alone read
            # as a model of nothing. The watches' words are in it too (three watches make
            # one alone); a --watch's are said by its name.
            # The watch a part of its own, as after a tag: "… matching the watch NAME" was
            # cut before the name at 80 columns under the default -n (`-n 0: all`).
            about = f"by relevance to your {_taste_of(taste, seeds is None)}{in_watch}"
        if taste.ready:
            watched = None  # the taste is the watch's; the candidates are every paper
        # Streamed and cut while ranking: the cost follows -n, not the date range.
        def kept(p: Paper) -> bool:
            if p.id in given:
                met.add(p.id)
            return (p.id not in left_out and keep.matches(p)
                    and (watched is None or watched(p)))

        found = ranking.for_you(store, taste, flt.since, flt.until, limit=limit, keep=kept,
                                explain=self.explain,
                                # no filter left: the ids alone choose, the words rank
                                brief=watched is None and keep.is_empty)
        warnings = [reading.absent_warning(unliked)] if unliked else []
        if found.fell_back:
            days = listings.RECENT_DAYS
            # (what fetches newer ones, where the line fits: arXiv's, when all are arXiv's)
            newer = ("papers arxiv" if found.total and found.announced == found.total
                     else "papers sync")
            warnings.append(fitting(
                f"no papers in the last {days} days; ranking the {days} days up to "
                f"{found.end} (papers sync, papers today or papers arxiv fetch newer ones)",
                f"no papers in the last {days} days; ranking the {days} days up to "
                f"{found.end} ({newer})",
                f"none after {found.end}: ranking the {days} days to it ({newer})"))
        # Why there is no ranking and what you have, one line the command line folds at
        # its terminal's width (split for 80 columns, it was two lines at 200 too)
        notes = taste.notes_showing(showing, whole=True)
        # Upvotes order (`ranking.upvotes_order`) over papers none of which has an upvote
        # (arXiv's alone: `papers arxiv`, a snapshot) is newest first, its next key: said
        # so, where "most upvoted first" was said of a list of no upvotes.
        newest = (not taste.ready and bool(found.scored)
                  and not any(s.paper.upvotes for s in found.scored))
        order = "newest first" if newest else ranking.UNRANKED
        if newest:
            instead = "its papers newest first" if watched else order
            notes = taste.notes_showing(instead, whole=True)
        empty = None
        if not found.fell_back and not found.read and store.count_papers():
            # Days the library never fetched (not days whose papers were all filtered or
            # marked out): "No papers." alone read as if nothing came out then. Days
            # fetched whole that listed nothing (a weekend) are not missing: syncing them
            # again is "nothing to fetch", so what they are is said instead.
            missing, empty = _nothing_read(store, found.start, found.end)
            warnings += [missing] if missing else []
        if found.read and not found.total:  # the days were there: what emptied them
            empty = _for_you_empty(found, keep, both.removeprefix(" matching ")
                                   if watched else "", liked=len(met))
        if self.explain and not taste.ready and found.scored:
            # Said once: the list came out with no reason under any paper, and no word why.
            # ("… without a taste the papers are in upvotes order" made 89 columns)
            notes.append("--explain has nothing to explain: no taste yet, so upvotes set "
                         "the order" if not newest else "--explain has nothing to explain: "
                         "no taste yet, so the newest come first")
        what = "listings and arXiv" if found.announced else "listings"
        upvoted = order + (in_watch if watched else "")  # as "by relevance … · watch NAME"
        return Gathered(
            self, f"For you · {what} of {span_text(found.start, found.end)}",
            [s.paper for s in found.scored],
            about if taste.ready else upvoted, keep,
            limit=limit, total=found.total,
            extras=_score_extras(found.scored, self.explain), warnings=warnings,
            notes=notes, ranked=True, scored=found.scored, empty=empty)


def _fit_tag(words: str, room: int) -> str:
    """A tag (or "a and b") in `room` cells, its end given up for "…" (12 at least)."""
    from papercli.terminal import fit

    return fit(words, max(12, room))


# What a taste's positives are called in the caption, in the order it names them.
TASTE_WORDS = (("starred", "stars"), ("read", "read marks"), ("tagged", "tags"))


def _taste_of(taste: Any, seeded: bool) -> str:
    """What `taste` was learned from, as for-you's caption names it ("stars, read marks
    and watches"): its positives' kinds, and the watches when they seeded it (`seeded`)
    and their words are in it. A taste of none (too few to rank) is said to want stars."""
    kinds = {p.kind for p in taste.positives}
    said = [words for kind, words in TASTE_WORDS if kind in kinds]
    if seeded and taste.counts.get("seeds"):
        said.append("watches")
    return listed(said) if said else "stars"


def _nothing_read(store: Store, start: date, end: date) -> tuple[str | None, str | None]:
    """(warning, note) for a for-you window the library has no paper of: the days of it
    a sync would still fetch (`sync.unfetched_days`) with the sync for them alone, else
    why the days fetched listed nothing (said as `papers day` says a weekend) and the
    latest day that listed papers. "days missing: papers sync --since 2026-08-22 --until
    2026-08-23" of a weekend looped with that sync's "nothing to fetch"."""
    from datetime import timedelta

    from papercli import clock
    from papercli.listings import nothing_on_weekends
    from papercli.sync import hub_opening, unfetched_days

    opening = hub_opening()
    if end < opening.day:
        return _not_fetched(start, end), None
    start = max(start, opening.day)
    missing = unfetched_days(store, start, end)
    if missing:
        return _not_fetched(missing[0], missing[-1]), None
    today = clock.today()
    past = [start + timedelta(days=n) for n in range((min(end, today - timedelta(days=1))
                                                      - start).days + 1)]
    if past and all(d.weekday() >= 5 for d in past):
        why = nothing_on_weekends(past)
    elif past:
        why = (f"nothing was listed on {past[0]}" if len(past) == 1
               else f"nothing was listed from {past[0]} to {past[-1]}")
    else:
        why = ""
    if end >= today:  # today's listing, fetched, has nothing yet
        why = f"{why}, nor yet today" if why else f"nothing listed yet for {today}"
    latest = store.latest_listed_day(end)
    if latest is None:
        return None, why
    short = why.replace(" is listed", "").replace(" was listed", "")
    return None, fitting(f"{why}; the latest listed day is {latest} (try --since {latest})",
                         f"{why}; the latest listed day is {latest}",
                         f"{short}; the latest listed day is {latest}",
                         f"{short}; latest listed: {latest}", room=NOTE_ROOM)


def _not_fetched(start: date, end: date) -> str:
    """For-you's warning that the library has no papers of its days: which days, and the
    command that fetches them, whole, in an 80-column warning line ("the library has no
    papers listed from … to …; papers sync … fetches them" was 143 columns; "not
    fetched: papers sync …" did not say what was missing). Up to today: from the first
    day on, which needs no --until. Never days before Daily Papers began (`sync.Opening`):
    a range reaching back further is fetched from its first day, and one that ends before
    it by no sync at all (`papers sync --since 2022-01-01 --until 2022-12-31` is refused)."""
    from papercli import clock
    from papercli.sync import hub_opening

    opening = hub_opening()
    if end < opening.day:
        return fitting(f"the library has no papers from {start} to {end}: {opening.began()}",
                       f"no papers from {start} to {end}: {opening.began()}",
                       f"no papers: {opening.began()}, after {end}")
    start = max(start, opening.day)
    to_today = end >= clock.today()
    sync = f"papers sync --since {start}" + ("" if to_today else f" --until {end}")
    days = f"since {start}" if to_today else f"from {start} to {end}"
    return fitting(f"the library has no papers {days}: {sync} fetches them",
                    f"no papers {days} in the library: {sync}",
                    f"no papers {days}: {sync}", f"days missing: {sync}",
                    f"not fetched: {sync}")


def _for_you_empty(found: Any, flt: Filter, watched: str, *, liked: int = 0) -> str:
    """Why for-you found nothing in days the library has papers of: "No papers." alone
    read as if nothing came out then. The filters (or the watch) matched none of them,
    or every one is already starred, read, tagged or hidden, or given to --like (`liked`
    of them; for-you leaves those out): it said "you starred, read, tagged or hid the
    one paper" of the one paper given to --like."""
    from papercli import clock

    days = str(found.start) if found.start == found.end else f"{found.start} to {found.end}"
    # (in 80 columns: with the days and a keyword it made 93, the marks' line 121)
    since = f"since {found.start}" if found.end >= clock.today() else f"of {days}"
    papers = plural(found.read, "paper")
    if not flt.is_empty or watched:
        what = [*flt.says(), *([f"matches {watched}"] if watched else [])]
        terse = [*flt.says(), *([f"matches {watched.removeprefix('the ')}"] if watched else [])]
        told = ["matches the filters"]
        return fitting(none_match(found.read, "paper", what, then=f"of {days}"),
                       none_match(found.read, "paper", what, then=since),
                       none_match(found.read, "paper", what),
                       none_match(found.read, "paper", terse),
                       none_match(found.read, "paper", told, then=since),
                       none_match(found.read, "paper", told), room=NOTE_ROOM)
    them = "the one paper" if found.read == 1 else f"all {papers}"
    if liked and liked >= found.read:  # (nothing but what --like gave)
        given = "the --like paper" if liked == 1 else f"the {liked:,} --like papers"
        return fitting(f"nothing to rank {since} but {given}; --since DATE ranks earlier days",
                       f"nothing to rank {since} but {given}; try an earlier --since",
                       f"nothing to rank but {given}; try an earlier --since", room=NOTE_ROOM)
    marked = "liked, starred, read, tagged or" if liked else "starred, read, tagged or"
    return fitting(f"you have {marked} hidden every paper of {days}; --since DATE ranks "
                    "earlier days",
                    f"you {marked} hid {them} {since}; --since DATE ranks earlier days",
                    f"you {marked} hid {them}; --since DATE ranks earlier days",
                    f"you {marked} hid {them}; try an earlier --since",
                    f"every paper here is {marked} hidden; try --since", room=NOTE_ROOM)


def _watch_named(session: Session, name: str) -> Any:
    """The watch called `name` (case as written, else ignoring case), or a usage error
    listing the ones there are; the others checked too, as `papers new` checks them."""
    from papercli import watches

    found = [watch for watch, _ in watches.filtered(session)]
    stored = watches.stored_name((w.name for w in found), name)
    for watch in found:
        if watch.name == stored:
            return watch
    raise watches.no_such_watch([w.name for w in found], name)


def _papers_for(session: Session, ids: Sequence[str]) -> tuple[list[Paper], list[str]]:
    """The papers of `ids` from the library (or a star's record), without the network,
    and the ids it has no paper of; none had at all (`ids` not empty) is an error
    naming them: nothing is left to rank by, as `related` with no paper it can have."""
    from papercli import library
    from papercli.errors import PapersError

    store = session.store()
    out, missing = [], []
    for pid in dict.fromkeys(ids):
        paper = store.get_paper(pid) or library.restore_starred(session, pid)
        if paper is None:
            missing.append(pid)
        else:
            out.append(paper)
    if missing and not out:  # (the command names them: "papers show ID" was the metavar)
        show = f"papers show {' '.join(missing[:10])}"
        error = PapersError(f"not in the library: {', '.join(missing[:10])}",
                            hint=f"{show} fetches {'it' if len(missing) == 1 else 'them'}")
        lacking = f"{plural(len(missing), 'paper')} not in the library"  # (80 columns)
        error.shorter = [(error.message, show), (lacking, show),
                         (lacking, "papers show ID... fetches them")]
        raise error
    return out, missing


def _not_in_empty_library(ids: Sequence[str]) -> PapersError:
    """Related's error in an empty library: the paper given is not in it (fetching it
    alone leaves nothing to compare it with), and what fills it, in 80 columns ("the
    library is empty" did not say what became of the id)."""
    from papercli.errors import PapersError

    said = (f"{ids[0]} is not in the empty library" if len(ids) == 1
            else "no paper given is in the empty library")
    error = PapersError(said, hint="papers sync fills it")
    error.shorter = [("the paper is not in the empty library", "papers sync fills it")]
    return error


class Related(View):
    """The library's papers most like one paper, or like several together (fetched once
    when not in the library), without the hidden ones."""

    kind: ClassVar[str] = "related"
    paper_id: str = ""
    paper_ids: tuple[str, ...] = ()
    explain: bool = False
    stop: Callable[[], bool] | None = None  # true once the list is no longer wanted
    # (ranking.related then gives up: Stopped)
    # Ids it cannot have are left out and the others ranked by (none left: the error),
    # each kind of failure warned of (the command line, the browser); False: kept in
    # `Gathered.went_without` for the caller to say (the MCP server, in its tools' terms:
    # "the user can start it with `papers mcp --online`", not "drop --offline")
    warn: bool = True

    def collect(self, session: Session, flt: Filter) -> Gathered:
        # lazy: the model only for the views that rank
        from papercli import library, ranking, reading

        store = session.store()
        seeds = list(dict.fromkeys(self.paper_ids or (self.paper_id,)))  # twice: once
        if ranking.library_state(store) == 0:
            raise _not_in_empty_library(seeds)
        warnings = []
        notes = []
        if len(seeds) > ranking.RELATED_SEEDS:  # said, not silently: the rest play no part
            first, count = ranking.RELATED_SEEDS, f"{len(seeds):,}"
            notes.append(fitting(  # (in full, 118 columns and more)
                f"ranking by the first {first} of the {count} papers given (more would cost "
                "time and add little); put the ones that matter first",
                f"ranking by the first {first} of {count} given: put those that matter first",
                f"ranking by the first {first} of the {count} papers given", room=NOTE_ROOM))
            seeds = seeds[:ranking.RELATED_SEEDS]  # the rest not even looked up
        # Its text is all `related` needs: a paper in the library is never fetched again.
        # (Starred papers put back, then those fetched: the index catches up once.)
        with store.index_deferred():
            held = {pid: store.get_paper(pid) or library.restore_starred(session, pid)
                    for pid in seeds}
            # The others looked up as every command given several ids looks them up
            # (`reading.look_up`: arXiv asked once for all): those found nowhere, or whose
            # record could not be had, are warned of and the rest ranked by; none left,
            # it fails as `show` does.
            found = reading.look_up(session, [pid for pid, paper in held.items()
                                              if paper is None], "used", records=True)
        for pid, got in zip(found.ids, found.results, strict=True):
            if got.stale:
                warnings.append(f"{got.stale}; using the cached copy")
            held[pid] = got.paper
        given = [paper for paper in held.values() if paper is not None]
        if not given:  # (each kind of failure said; the last is the command's)
            if not self.warn:  # (the caller says each: `errors.Several`)
                raise all_of(found.failures)
            for error in found.failures[:-1]:
                session.notices.append(reading.as_warning(error))
            raise found.failures[-1]
        if self.warn:
            warnings.extend(reading.as_warning(error) for error in found.failures)
        with session.userdb() as udb:
            hidden = set() if self.hidden else udb.hidden()
        taste = load_taste(session) if self.explain else None
        limit = self.limit_in(session)
        own = {p.id for p in given}
        gone: set[str] = set()  # hidden papers it would list: why none is, when so

        def keep(p: Paper) -> bool:
            if p.id in own or not flt.matches(p):
                return False
            if p.id in hidden:
                gone.add(p.id)
                return False
            return True

        scored, total = ranking.related(
            store, given, limit or None, keep=keep,
            pool=ranking.RELATED_POOL * (1 if flt.is_empty else 5) * min(len(given), 4),
            taste=taste if taste is not None and taste.ready else None, explain=self.explain,
            stop=self.stop)
        this = "this one" if len(given) == 1 else "these"
        empty = None
        if not scored and gone:  # (not "no paper shares enough words")
            empty = _all_hidden(len(gone))
        elif not scored:
            empty = (f"no paper in the library shares enough words with {this}"
                     if flt.is_empty else _none_related(this, flt))
        # Several: their ids a list of their own, which a short line says as its first
        # ids and how many more ("2401.01055, 2404.14047 +3") before the filters after
        # it are cut; "Related to A, B, C, D" was cut at its end, the filters with it,
        # and a fifth and more were "…", not counted.
        title = (f"Related to {given[0].id} · {display_title(given[0])}" if len(given) == 1
                 else f"Related to {len(given):,} papers · "
                 f"{', '.join(p.id for p in given[:4])}"
                 + (f" +{len(given) - 4:,}" if len(given) > 4 else ""))
        gathered = Gathered(
            self, title, [s.paper for s in scored],
            "by similarity", flt, limit=limit, total=total,
            extras=_score_extras(scored, self.explain),
            warnings=warnings, notes=notes, ranked=True, scored=scored, empty=empty)
        if not self.warn:
            gathered.went_without = list(found.failures)
        return gathered


def _none_related(this: str, flt: Filter) -> str:
    """Related's line for filters no paper most like `this` passes, naming them as every
    listing's no-match line does ("none of the papers most like this one is dated
    2030-01-01 or later"; it said "matches the filters" of filters just typed, not
    which one left nothing), fitted to a note's 80 columns as `_none_passing` fits it."""
    def said(says: Sequence[str], whose: str = "none of the papers") -> str:
        return f"{whose} most like {this} {joined(says)}"

    return fitting(said(flt.says()), said(flt.says(cut=_CUT_VALUES)),
                   said(flt.says(cut=_CUT_VALUES), "none"),
                   said([_passes(flt.says())]), room=NOTE_ROOM)


def _score_extras(scored: Sequence[Any], explain: bool) -> pipeline.Extras:
    """JSON's "score" of each ranked paper (and "why" with --explain)."""
    extras: pipeline.Extras = {}
    for s in scored:
        extra: dict[str, Any] = {"score": None if s.score is None else round(s.score, 4)}
        if explain:
            extra["why"] = s.why.to_dict() if s.why else None
        extras[s.paper.id] = extra
    return extras


def no_sort(kind: str) -> PapersError:
    """The usage error for --sort given to a ranked list (for-you, related), said alike by
    the command line and `papers browse` (which said "for-you is ordered by relevance;
    --sort does not apply — drop --sort"). What a listing's --sort relevance does, the
    150 columns it took, is --help's."""
    from papercli.errors import UsageError

    why = "your taste" if kind == "for-you" else "likeness"
    return UsageError(f"{kind} has no --sort: it ranks by {why}", hint="leave --sort out")
