"""The library as a whole: import, cache info and clearing, counts, browsing it through a
filter, and one paper's record (library, a star's snapshot, or the Hub).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

from papercli.errors import (
    DamagedRecord,
    HubError,
    NotFoundError,
    NowhereError,
    OfflineMiss,
    PapersError,
    RefusedError,
    Unreachable,
    in_brief,
    lead_when_none_fits,
)
from papercli.listings import day_of
from papercli.models import Paper
from papercli.session import StatusCount
from papercli.words import plural

if TYPE_CHECKING:
    from papercli import bibimport, exported
    from papercli.arxiv_import import Progress, SnapshotCounts
    from papercli.db.store import Store
    from papercli.linked import Links
    from papercli.repeats import Repeats
    from papercli.session import Session
    from papercli.sources.hub import HubClient

# -- single paper ----------------------------------------------------------------------


class PaperResult(NamedTuple):
    paper: Paper
    listing_day: str | None
    from_cache: bool
    stale: str | None = None
    skipped_links: int = 0  # linked artefacts of the page that failed their check


def _out_of_reach(exc: Exception, status: bool = False, after_retries: bool = False
                  ) -> bool:
    """A failure another request this command would only repeat, at the same cost: no
    answer (cannot connect, timed out, down), or with `status` an error status after the
    retries (arXiv's API answers an id it lacks with no entry, so its error status is the
    endpoint's; the Hub's, for one paper's page, may be that page's alone), or with
    `after_retries` (`Unreachable.after_retries`) any failure the transport retried
    until it gave up: a status it retries (5xx, 429), connections dropped each time. (A
    status it does not retry, a 401 or an unusable record, is said of the id.)"""
    from papercli.errors import SourceStatusError, SourceUnreachable

    if isinstance(exc, SourceStatusError):
        if status:
            return True
        from papercli.sources.transport import RETRY_STATUSES

        return after_retries and exc.status in RETRY_STATUSES
    kinds = ("connect", "timeout", "down", *(("dropped",) if after_retries else ()))
    return isinstance(exc, SourceUnreachable) and exc.kind in kinds


def _hub_lost(exc: BaseException, unreachable: Unreachable) -> bool:
    """Whether the Hub's failure `exc` puts it out of reach for the rest of the command
    (`_out_of_reach`, as `unreachable` counts it): the ids after it are not asked."""
    return isinstance(exc, HubError) and _out_of_reach(
        exc, after_retries=unreachable.after_retries)


def get_paper(session: Session, paper_id: str,
              unreachable: Unreachable | None = None) -> PaperResult:
    """A paper from the library, fetched from the Hub when missing, thin or --refresh,
    from arXiv when the Hub has no page for it. Looking up several ids, pass one
    `Unreachable` to them all (a source found out of reach for one id is not asked again
    for the next), or use `get_papers`, which asks arXiv about them all at once."""
    found = _from_hub(session, paper_id, unreachable)
    if isinstance(found, _Undated):
        return _dated(session, {paper_id: found}, unreachable or Unreachable())[paper_id]
    if isinstance(found, NotFoundError):
        return PaperResult(_from_arxiv(session, paper_id, found, unreachable), None, False)
    return found


class _Undated(NamedTuple):
    """A library paper the Hub has no page for and that has no arXiv date (seen only in
    arXiv's RSS, as a replacement, or dated only by the day the RSS announced it):
    `_from_hub`'s answer, for arXiv to be asked once."""

    miss: NotFoundError  # the Hub's 404
    cached: PaperResult  # what is shown if arXiv cannot tell


def _dated(session: Session, undated: dict[str, _Undated], unreachable: Unreachable,
           count: _Count | None = None) -> dict[str, PaperResult]:
    """Each undated paper as arXiv's API gives it (`id_list`, stored: its date is kept,
    so it is asked once), else as the library has it: arXiv out of reach or not knowing
    it leaves the record as it was, as the Hub's 404 did before."""
    misses = {pid: u.miss for pid, u in undated.items()}
    answers = _from_arxiv_many(session, misses, unreachable, count)
    out: dict[str, PaperResult] = {}
    for pid, u in undated.items():
        answer = answers[pid]
        out[pid] = (PaperResult(answer, u.cached.listing_day, False)
                    if isinstance(answer, Paper) else u.cached)
    return out


Found = PaperResult | PapersError  # one id's answer in `get_papers`: its record, or why not
ARXIV_BATCH = 100  # ids per arXiv `id_list` request (a URL of ~1.3 kB; one page of answers)
HUB_LOOKUPS = 6  # the Hub's paper pages `get_papers` asks for at once (~0.1-0.3 s each)
HUB_AHEAD = 4 * HUB_LOOKUPS  # most answers held ahead of the id being looked at


def get_papers(session: Session, ids: Sequence[str], unreachable: Unreachable | None = None,
               *, keep: tuple[type[PapersError], ...] = (NotFoundError, OfflineMiss),
               give_up: int = 0, fall_back: bool = True) -> list[Found]:
    """Each id's `get_paper`, in the order given, with each id's own error of a `keep`
    kind in its place (any other is raised, as `get_paper` raises it). In two passes:
    the library and the Hub for each id, then arXiv for all the Hub's misses at once
    (`id_list`, ARXIV_BATCH ids a request), where asking one at a time, ~3 s apart by
    arXiv's rule, kept 200 ids waiting ten minutes. The Hub is asked HUB_LOOKUPS ids at
    a time (`_Ahead`: one at a time, 200 ids took 20-60 s), its answers used and stored
    here in the order given, so everything else is as asking one at a time. A lookup
    that takes a while says how far along it is through the session's status hook
    (`_Count`).

    With `give_up` (and errors kept), once that many ids in a row got an error other
    than a miss (a Hub answering 500 to each would cost every id its retries), the ids
    left are not asked (but for the few in flight when the first error came: `_Ahead`),
    and each is given the last of those errors, the same object, as the ids after the
    Hub is found out of reach are given its error.

    Without `fall_back`, a paper the library has but is asked about (a record no source
    has seen: a reference file's fields) gets the Hub's error, or arXiv's answer, as one
    it lacks would: not the library's record as a cached copy.

    Each paper fetched is stored in its own transaction (a failure keeps the ones before
    it), but the search index catches up once, at the end (`index_deferred`): after each
    paper, its commit and merges took ~0.1 s a paper, most of `show`'s time."""
    with session.store().index_deferred():
        return _get_papers(session, ids, unreachable, keep, give_up, fall_back)


def _get_papers(session: Session, ids: Sequence[str], unreachable: Unreachable | None,
                keep: tuple[type[PapersError], ...], give_up: int,
                fall_back: bool = True) -> list[Found]:
    """`get_papers`, its index deferred."""
    unreachable = unreachable if unreachable is not None else Unreachable()
    out: list[Found | None] = []
    misses: dict[str, NotFoundError] = {}  # id -> the Hub's 404, for arXiv to answer
    undated: dict[str, _Undated] = {}  # id -> a dateless record, for arXiv to date
    count = _Count(session, len(ids))
    ahead = _Ahead(session, ids, unreachable, give_up, count)
    failed = 0  # ids in a row that got an error other than a miss (`give_up`)
    stopped: PapersError | None = None  # given up on: the error the rest are given
    try:
        for at, pid in enumerate(ids):
            if stopped is not None:
                out.append(stopped)
                count.advance()
                continue
            ahead.send(at, failed)
            try:
                found = _from_hub(session, pid, unreachable, ahead.answer(at),
                                  fall_back=fall_back)
            except keep as exc:
                out.append(exc)
                count.advance()
                failed = 0 if isinstance(exc, NotFoundError | OfflineMiss) else failed + 1
                if give_up and failed >= give_up:
                    stopped = exc
                continue
            failed = 0
            if isinstance(found, _Undated):  # the Hub's miss of a paper with no date
                undated[pid] = found
            elif isinstance(found, NotFoundError):  # the Hub's miss: arXiv is asked next
                misses[pid] = found
            out.append(None if isinstance(found, NotFoundError | _Undated) else found)
            count.advance()
        ahead.close()
        dated = _dated(session, undated, unreachable, count) if undated else {}
        answers = _from_arxiv_many(session, misses, unreachable, count)
    finally:
        ahead.close()
        count.close()
    results: list[Found] = []
    for pid, got in zip(ids, out, strict=True):
        if got is None and pid in dated:
            got = dated[pid]
        elif got is None:
            answer = answers[pid]
            if isinstance(answer, PapersError) and not isinstance(answer, keep):
                raise answer
            got = PaperResult(answer, None, False) if isinstance(answer, Paper) else answer
        results.append(got)
    return results


_worker = threading.local()  # `lookups`: set on the threads of an `_Ahead`


class _Job:
    """One id's paper page asked by an `_Ahead` worker: the answer or the error once
    `done` is set; `sent` is False when it was never asked (the Hub found out of reach
    meanwhile, the lookup over, or a spare id after an error): the caller asks it then,
    if asking one at a time would."""

    __slots__ = ("answer", "done", "error", "paper_id", "sent", "spare")

    def __init__(self, paper_id: str, spare: bool = False) -> None:
        self.paper_id = paper_id
        self.spare = spare  # not sent once an answer was an error (`_Ahead`)
        self.done = threading.Event()
        self.answer: tuple[Paper, Links] | None = None
        self.error: BaseException | None = None
        self.sent = True


class _Ahead:
    """The Hub asked about the ids of a `get_papers` ahead of the one being looked at,
    HUB_LOOKUPS at once, by daemon threads sharing the session's client (thread-safe:
    one rate limiter, one budget, one connection pool). The answers are only fetched
    there: each is checked and stored by `_from_hub` on the calling thread (the library's
    connection is that thread's), in the order given, and only where asking then would
    have asked, so results, library and errors are those of asking one at a time.

    Sent ahead are only the ids the library cannot answer (once each), at most HUB_AHEAD
    of them unused; one alone until the Hub has answered one (a Hub out of reach from the
    start is asked once, as one at a time asked it); none once the Hub is found out of
    reach (by a worker: the ids queued behind it are not sent, so it is asked at most
    HUB_LOOKUPS times more). With `give_up`, the ids past those that one at a time
    would ask even if every id before them failed are "spare": sent only while every
    answer so far was a paper or a miss, and not sent once one was an error (`failing`),
    so a Hub that starts failing is asked at most HUB_LOOKUPS - 1 more than one at a
    time would (those already in flight), not each id's retries: `search ID ID ...`
    (give_up=1) no longer asks one at a time, nor a reference file three at a time.
    Daemon threads, not a `ThreadPoolExecutor`, whose workers are joined at exit: Ctrl-C
    would wait for the requests in flight."""

    def __init__(self, session: Session, ids: Sequence[str], unreachable: Unreachable,
                 give_up: int, count: _Count) -> None:
        self.session = session
        self.ids = ids
        self.unreachable = unreachable
        self.give_up = give_up
        self.count = count
        self.wanted = _wanted(session, ids, unreachable)  # positions to ask the Hub about
        self.next = 0  # in `wanted`: the next to send
        self.jobs: dict[int, _Job] = {}  # position -> its job, sent and not yet used
        self.queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self.stop = threading.Event()
        self.reached = threading.Event()  # the Hub answered a request (any answer)
        self.failing = threading.Event()  # an answer was an error: no more spare ids
        self.threads: list[threading.Thread] = []

    def send(self, at: int, failed: int) -> None:
        """Send the wanted ids from position `at` on, as far as the bounds allow, while
        `failed` ids in a row before `at` got an error other than a miss."""
        while self.next < len(self.wanted) and not self.stop.is_set():
            pos = self.wanted[self.next]
            if (self.unreachable.hub is not None or len(self.jobs) >= HUB_AHEAD
                    or (self.jobs and not self.reached.is_set())):
                return
            # past what one at a time would ask if every id before it failed (`give_up`)
            spare = bool(self.give_up) and failed + (pos - at) >= self.give_up
            if spare and pos >= at and (failed or self.failing.is_set()):
                return
            self.next += 1
            if pos < at:  # (looked at already: not worth asking for)
                continue
            if not self.threads:
                self._start()
            job = _Job(self.ids[pos], spare)
            self.jobs[pos] = job
            self.queue.put(job)

    def answer(self, at: int) -> Callable[[], tuple[Paper, Links]] | None:
        """The Hub's answer for the id at `at`, waited for when `_from_hub` wants it (it
        may not: the Hub found out of reach meanwhile), or None when it was not sent."""
        job = self.jobs.pop(at, None)
        if job is None:
            return None

        def wait() -> tuple[Paper, Links]:
            while not job.done.wait(0.2):  # Ctrl-C is taken between waits
                pass
            if not job.sent:  # (the Hub found out of reach since: not asked again)
                return self.session.client().paper_page(job.paper_id)
            if job.error is not None:
                raise job.error
            assert job.answer is not None
            return job.answer

        return wait

    def _start(self) -> None:
        client = self.session.client()  # made here, on the calling thread
        if self.count.hook is not None:
            client.progress = self.count  # one status line for every worker's waits
        for n in range(min(HUB_LOOKUPS, len(self.wanted))):
            thread = threading.Thread(target=self._work, args=(client,), daemon=True,
                                      name=f"papers-lookup-{n}")
            self.threads.append(thread)
            thread.start()

    def _work(self, client: HubClient) -> None:
        _worker.lookups = True  # heard by the count only while it counts
        while (job := self.queue.get()) is not None:
            if self.stop.is_set() or (job.spare and self.failing.is_set()):
                job.sent = False
            else:
                try:
                    job.answer = client.paper_page(job.paper_id)
                except BaseException as exc:  # handed to the calling thread, which decides
                    job.error = exc
                    if not isinstance(exc, NotFoundError):  # (before `reached` is set)
                        self.failing.set()
                    if _hub_lost(exc, self.unreachable):
                        self.stop.set()  # the ids queued behind it are not sent
                    else:  # (an answer: 404, an error status, a bad record)
                        self.reached.set()
                else:
                    self.reached.set()
            job.done.set()

    def close(self) -> None:
        """No more requests: the workers end after the one they are making, if any (not
        waited for), and the ids still queued are not sent."""
        self.stop.set()
        for _ in self.threads:
            self.queue.put(None)
        self.threads = []


def _wanted(session: Session, ids: Sequence[str], unreachable: Unreachable) -> list[int]:
    """The positions of the ids `_from_hub` would ask the Hub about, as the library
    stands (each id once: the first's answer is stored); none if fewer than two."""
    if session.offline or unreachable.hub is not None:
        return []
    store = session.store()
    seen: set[str] = set()
    out: list[int] = []
    for at, pid in enumerate(ids):
        if pid in seen or "/" in pid:  # (an old-style id: the Hub has none of them)
            continue
        seen.add(pid)
        if session.refresh or not _complete(store, pid, store.get_paper(pid)):
            out.append(at)
    return out if len(out) > 1 else []


def _complete(store: Store, paper_id: str, cached: Paper | None) -> bool:
    """Whether the library's record is the paper page's: a listing's lacks the AI summary
    and links, and a page fetched before link counts were kept (schema 7) is fetched once
    more."""
    return (cached is not None and store.get_meta(f"detail:{paper_id}") is not None
            and (cached.num_models is not None or "hf" not in cached.sources))


def _from_hub(session: Session, paper_id: str, unreachable: Unreachable | None,
              fetched_by: Callable[[], tuple[Paper, Links]] | None = None, *,
              fall_back: bool = True) -> PaperResult | NotFoundError | _Undated:
    """`get_paper` short of arXiv: the paper from the library or the Hub, or the Hub's
    miss (returned, not raised) for a paper neither has, which arXiv is asked about, or
    for one the library has without a date (`_Undated`), which arXiv is asked to date.
    `fetched_by` gives the Hub's answer when it was asked ahead (`_Ahead`): it is used
    only where this would ask the Hub itself, so the outcome is the same either way.
    Without `fall_back`, a record the library has is not the answer when the Hub fails
    or lacks the paper (`get_papers`)."""
    store = session.store()
    cached = store.get_paper(paper_id)
    if cached is None:
        # A starred paper survives `cache clear` as a snapshot in the user database.
        cached = restore_starred(session, paper_id)
    complete = _complete(store, paper_id, cached)  # the page's record, not a listing's
    if session.offline or (cached is not None and complete and not session.refresh):
        if cached is None and store.present([paper_id]):  # a row too damaged to read
            raise DamagedRecord(paper_id)
        if cached is None:
            raise OfflineMiss(
                f"{paper_id} is not in the local library",  # (in 80 columns with the hint)
                hint="run without --offline",
            )
        return PaperResult(cached, store.listing_day_of(paper_id), True)
    try:
        if "/" in paper_id:  # an old-style id (hep-th/9901001): the Hub has none of them
            # (with the hint a new-style id's 404 has: arXiv's error feed naming it kept
            # the Hub's hint, and said nothing to do)
            raise NotFoundError(f"paper {paper_id} is not on the Hub", hint="check the id")
        if unreachable is not None and unreachable.hub is not None:
            raise unreachable.hub
        fetched, links = (fetched_by() if fetched_by is not None
                          else session.client().paper_page(paper_id))
    except NotFoundError as exc:
        if cached is not None and fall_back:
            result = PaperResult(cached, store.listing_day_of(paper_id), True)
            undated = cached.published_at is None or cached.dated_by_announcement
            return _Undated(exc, result) if undated else result
        return exc
    except HubError as exc:
        if unreachable is not None and _hub_lost(exc, unreachable):
            unreachable.hub = exc
        if cached is None or not fall_back:
            raise
        # (the caller says "; showing the cached copy" after it)
        return PaperResult(cached, store.listing_day_of(paper_id), True,
                           stale=in_brief(exc, "showing the cached copy"))
    from papercli.sources.hub import check_record

    # The client refuses another paper's record already; checked again here, where it
    # would be stored, whatever client gave it (a record filed under the wrong id).
    check_record(paper_id, fetched)
    store.save_page(fetched, links)  # the record and its links: both or neither
    paper = store.get_paper(paper_id)
    return PaperResult(paper or fetched, store.listing_day_of(paper_id), False,
                       skipped_links=links.skipped)


# -- linked artefacts and full text (issue 25) ------------------------------------------


def linked(session: Session, paper_id: str) -> Links | None:
    """The models, datasets and Spaces linked to a paper, as its page last listed them;
    None while its counts are not known (the page was never fetched)."""
    from papercli.db import fulltext

    return fulltext.get_links(session.store(), paper_id)


def full_text(session: Session, paper_id: str, refresh: bool = False,
              stale: Callable[[str], None] | None = None) -> str:
    """A paper's full text as Markdown, exactly as the Hub served it: from the library
    when kept there (no request), else fetched and kept. `refresh` (or the session's
    --refresh) fetches again; offline, a text not kept is an OfflineMiss. A paper the Hub
    has no full text for is a NotFoundError naming it. Given `stale`, a refresh the Hub
    fails (unreachable, an error, a broken answer) gives the kept text after telling
    `stale` why, as `show --refresh` does with a paper's record."""
    from papercli.db import fulltext
    from papercli.sources.hub import no_full_text

    store = session.store()
    if not (refresh or session.refresh) or session.offline:
        kept = fulltext.get_text(store, paper_id)
        if kept is not None:
            return kept
        if session.offline:
            # A paper the library lacks is said so, as `show` says it ("no full text
            # downloaded yet" read as if the paper were there, its text not fetched).
            known = store.get_paper(paper_id) or restore_starred(session, paper_id)
            raise OfflineMiss(
                f"no full text of {paper_id} downloaded yet" if known is not None else
                f"{paper_id} is not in the local library",  # (80 columns with the hint)
                hint="run without --offline",
            )
    try:
        if "/" in paper_id:  # an old-style id: the Hub has no page, so no full text
            raise no_full_text(paper_id)
        text = session.client().full_text(paper_id)
    except NotFoundError:
        _known(session, paper_id)
        raise
    except HubError as exc:
        kept = fulltext.get_text(store, paper_id) if stale is not None else None
        if stale is None or kept is None:
            raise
        stale(in_brief(exc, "showing the cached copy"))
        return kept
    fulltext.put_text(store, paper_id, text)
    return text


def _known(session: Session, paper_id: str) -> None:
    """Before "no full text on the Hub — run without --full": a paper the
    library lacks is looked up as `papers show` looks it up, and if that finds it nowhere,
    its error (on neither the Hub nor arXiv...) is raised instead, as the hint would
    send the user to a second failure. A lookup that fails otherwise leaves the first."""
    if session.store().get_paper(paper_id) is not None:
        return
    try:
        get_paper(session, paper_id)
    except NotFoundError as exc:
        raise exc from None
    except PapersError:
        return


def _from_arxiv(session: Session, paper_id: str, hub_miss: NotFoundError,
                unreachable: Unreachable | None = None) -> Paper:
    """A paper the Hub has no page for, from the arXiv API (`_from_arxiv_many`)."""
    answer = _from_arxiv_many(session, {paper_id: hub_miss}, unreachable or Unreachable())
    found = answer[paper_id]
    if isinstance(found, PapersError):
        raise found
    return found


def _from_arxiv_many(session: Session, misses: dict[str, NotFoundError],
                     unreachable: Unreachable, count: _Count | None = None
                     ) -> dict[str, Paper | PapersError]:
    """Papers the Hub has no page for (each id with the Hub's 404), from the arXiv API's
    `id_list`, ARXIV_BATCH ids a request (stored); for an id arXiv does not know either, a
    NowhereError naming it. arXiv found out of reach (`unreachable`, now or earlier in the
    command) is not asked again: the ids left are unasked at once. No miss: nothing to
    ask, and arXiv's client is not even imported (a tenth of `show`'s start-up)."""
    if not misses:
        return {}
    from papercli.sources.arxiv import InvalidArxivId, parse_id

    out: dict[str, Paper | PapersError] = {}
    asked: list[str] = []
    for pid in misses:
        try:
            parse_id(pid)  # arXiv's own rules are stricter (9999.99999 has no month 99)
        except InvalidArxivId:
            out[pid] = NowhereError(f"paper {pid} is on neither the Hub nor arXiv",
                                    hint="check the id")
            continue
        asked.append(pid)
    for at in range(0, len(asked), ARXIV_BATCH):
        if count is not None:
            count.doing(f"asking arXiv about {plural(len(asked) - at, 'paper')} "
                        "not on the Hub")
        out.update(_ask_arxiv(session, asked[at:at + ARXIV_BATCH], misses, unreachable))
    return out


def _ask_arxiv(session: Session, ids: list[str], misses: dict[str, NotFoundError],
               unreachable: Unreachable) -> dict[str, Paper | PapersError]:
    """One `id_list` request for `ids` (`_from_arxiv_many`). An error feed naming some of
    them (arXiv refuses the whole query for one id it finds malformed) says so of those,
    and the rest are asked again; one naming none is said of them all."""
    from papercli import arxiv_listing
    from papercli.errors import SourceError, UnaskedError, advice
    from papercli.sources.arxiv import ArxivError, ArxivParseError

    out: dict[str, Paper | PapersError] = {}
    while ids:
        if unreachable.arxiv is not None:
            for pid in ids:
                out[pid] = UnaskedError(misses[pid].message, paper_id=pid,
                                        reason=unreachable.arxiv, asked=False,
                                        url=misses[pid].url,
                                        advice=unreachable.arxiv_advice)
            break
        try:
            found = arxiv_listing.fetch_ids(session, ids)
        except ArxivError as exc:
            # An error feed is arXiv refusing the query, not saying it has no such paper
            # (an id it lacks is an empty feed): said as a refusal, arXiv's words quoted.
            named = [pid for pid in ids if _names(exc.arxiv_message, pid)]
            for pid in named or ids:
                out[pid] = RefusedError(pid, exc.arxiv_message, named=bool(named),
                                        url=misses[pid].url)
            ids = [pid for pid in ids if pid not in (named or ids)]
            continue
        except (SourceError, ArxivParseError) as exc:
            # arXiv could not be asked: the Hub's answer stands, and says why it is all.
            if _out_of_reach(exc, status=True):
                unreachable.arxiv, unreachable.arxiv_advice = exc.message, advice(exc)
            for pid in ids:
                out[pid] = UnaskedError(misses[pid].message, paper_id=pid,
                                        reason=exc.message, url=misses[pid].url,
                                        advice=advice(exc))
            break
        store = session.store()
        got = {p.id: p for p in found}
        for pid in ids:
            paper = got.get(pid)
            out[pid] = (NowhereError(f"paper {pid} is on neither the Hub nor arXiv",
                                     hint="check the id") if paper is None
                        else store.get_paper(pid) or paper)
        break
    return out


def _names(message: str, paper_id: str) -> bool:
    """Whether arXiv's error message names this id (2401.0001 is no part of 2401.00012)."""
    import re

    return re.search(rf"(?<![0-9A-Za-z./-]){re.escape(paper_id)}(?![0-9])", message) is not None


class _Count(StatusCount):
    """How far along a lookup of several ids is (`StatusCount`: ids the library and the
    Hub were asked about, then what arXiv is asked), so 200 ids the library lacks no
    longer wait in silence. While it counts, what a request waits for (the clients' own
    messages) is said after the count.

    The Hub's requests are made by several threads at once (`_Ahead`): each thread's
    message is kept until that thread clears it, the newest shown (a note, "Hub answered
    503; retrying in 4 s", before any "fetching …" wait), so one's "done" no longer blanks
    another's note; the hook is called by one thread at a time. Once closed, the
    workers of `_Ahead` are not heard (one still in flight after Ctrl-C says nothing)."""

    def __init__(self, session: Session, total: int) -> None:
        super().__init__(session, total)
        self.stage = ""  # what is being done once every id was looked at
        self._lock = threading.RLock()
        self._said: dict[int, str] = {}  # thread -> what its request waits for

    def line(self) -> str:
        return (f"looking up papers: {self.done:,} of {self.total:,}"
                + (f" · {self.stage}" if self.stage else ""))

    def advance(self) -> None:
        """One more id looked at."""
        with self._lock:
            self.done += 1
            self._say()

    def doing(self, stage: str) -> None:
        """What is done next, after every id was looked at."""
        with self._lock:
            self.stage = stage
            self._say()

    def _say(self) -> None:
        if self.hook is None:
            return
        if self.due():
            self.shown = True
            said = self._waiting()
            if said is None or said.endswith("…"):
                self.hook(self.line())  # now: a worker's wait would put it off
            if said is not None:
                self.hook(f"{self.line()} · {said}")  # (a wait: shown if it lasts)

    def _waiting(self) -> str | None:
        """The newest of the threads' messages, a note before a "…" wait; a bare "asking
        arXiv…" not after a stage that says whom it asks ("· asking arXiv about 4 papers
        not on the Hub · asking arXiv…" said it twice), a retry's "(retry 1 of 3)" yes."""
        from papercli.sources.transport import is_asking

        said = [m for m in self._said.values()
                if not (self.stage and is_asking(m) and "(" not in m)]
        notes = [m for m in said if not m.endswith("…")]
        return (notes or said)[-1] if said else None

    def __call__(self, message: str | None) -> None:
        """A client's message (None: its request is done)."""
        me = threading.get_ident()
        with self._lock:
            hook = self.hook
            if hook is not None:
                self._said.pop(me, None)
                if message is not None:
                    self._said[me] = message
                said = self._waiting()
                if said is not None:
                    hook(f"{self.line()} · {said}")
                else:  # (a wait the line already says, whom it asks: the line alone)
                    hook(self.line() if self.shown or self._said else None)
                return
        if getattr(_worker, "lookups", False):  # closed: a worker still in flight is quiet
            return
        # closed: a client made while counting speaks as before
        hook = self.session.progress
        if hook is not None and hook is not self:
            hook(message)

    def close(self) -> None:
        """The status hook as it was, and the count off the line."""
        with self._lock:
            hook, self.hook = self.hook, None
            self._said.clear()
        if hook is not None:
            self.session.progress = hook
            hook(None)


# -- import ----------------------------------------------------------------------------


class ImportResult:
    """Counts for `papers import`, filled in as the files are read and written: `read`,
    `added` ... `skipped` are the JSON files' (Hub-shaped, papercli's own export), each
    item counted once; `snapshots` and `references` have each file's own, and `totals`
    adds them all up. `repeated` counts the items naming a paper an earlier item of the
    same file named, however far before (the later one is kept): on a first import they
    were "unchanged", which sounded like papers the library already had."""

    __slots__ = ("added", "bad_fields", "bad_reasons", "failed", "files", "hub_files",
                 "indexing", "interrupted", "interruption", "read", "reasons", "references",
                 "repeated", "restored", "skipped", "snapshots", "unchanged", "updated",
                 "whole")

    def __init__(self) -> None:
        self.snapshots: list[SnapshotCounts] = []  # one per arXiv snapshot file read
        self.references: list[bibimport.Counts] = []  # one per BibTeX, CSL-JSON or RIS file
        # Files whose items are counted: read to their end, or cut part-way with the
        # papers before the break kept (also in `failed`), which the summary counted
        # ("2 files") where --json's "files" said 1. `whole`: those read to their end.
        self.files = 0
        self.whole = 0
        self.hub_files = 0  # JSON files (Hub-shaped, papercli's own) whose papers are counted
        # (name, error) of each file that could not be read, or not to its end: the rest
        # of the files are read all the same.
        self.failed: list[tuple[str, PapersError]] = []
        self.read = 0
        self.added = 0
        self.updated = 0
        self.unchanged = 0  # already stored exactly as the file has them
        self.repeated = 0  # an earlier item of the same file named its paper (last kept)
        self.skipped = 0
        self.reasons: list[str] = []
        # papercli's own export (exported.py): papers imported without some bad fields,
        # and the tags and notes given back (None until a record carries some).
        self.bad_fields = 0
        self.bad_reasons: list[str] = []
        self.restored: exported.Restored | None = None
        self.interrupted = False  # Ctrl-C: every batch written before it is kept
        # Every file read and stored: what is left is the search index's catch-up, which
        # an interruption cuts without losing a paper (the next search does it instead).
        self.indexing = False
        # What interrupted it (Ctrl-C, or the CLI's SIGTERM, which it says apart).
        self.interruption: KeyboardInterrupt | None = None

    @property
    def stored(self) -> int:
        """Papers in the library as the files have them, written or already there: what
        an interrupted import says it kept (every batch stored so far, a snapshot's
        part-read one too, and a reference file's batches starred and tagged)."""
        out = self.added + self.updated + self.unchanged
        for snap in self.snapshots:
            out += snap.added + snap.updated + snap.unchanged
        return out + sum(refs.kept for refs in self.references)

    def totals(self) -> dict[str, int]:
        """Items read, papers added, updated or unchanged, items repeated in their file,
        items skipped, over every file: a snapshot's lines (bad ones skipped; those not in
        the chosen categories are read, and counted by the snapshot alone) and a reference
        file's entries (malformed ones and those without an arXiv id skipped; those naming
        a paper an earlier entry named, repeated) too."""
        out = {"read": self.read, "added": self.added, "updated": self.updated,
               "unchanged": self.unchanged, "repeated": self.repeated,
               "skipped": self.skipped}
        for snap in self.snapshots:
            for key, value in (("read", snap.read), ("added", snap.added),
                               ("updated", snap.updated), ("unchanged", snap.unchanged),
                               ("repeated", snap.repeated), ("skipped", snap.bad)):
                out[key] += value
        for refs in self.references:
            for key, value in (("read", refs.read), ("added", refs.added),
                               ("updated", refs.updated),
                               ("unchanged", refs.unchanged - refs.repeated),
                               ("repeated", refs.repeated), ("skipped", refs.skipped)):
                out[key] += value
        return out


IMPORT_BATCH = 5000  # papers per transaction: memory stays flat, a crash loses one batch


def import_sources(
    session: Session, sources: Iterable[str], *, stdin: BinaryIO | None = None,
    categories: Sequence[str] = (), progress: Progress | None = None,
    tags: Sequence[str] = (),
) -> ImportResult:
    """Stream every file into the library, IMPORT_BATCH papers per transaction.

    Memory is bounded by one batch and one item whatever the file's size. Each file is
    checked to start like JSON before anything of it is written; a file that turns out
    to be broken part-way keeps the batches before the break, and the error says so.

    A file whose content is arXiv's metadata snapshot (JSON lines, maybe gzipped) goes
    through `arxiv_import` instead: filtered by `categories` (patterns, already checked),
    bad lines skipped and counted, resumable after an interruption. A BibTeX, CSL-JSON or RIS
    file (a reference manager's) goes through `bibimport`: its arXiv papers are starred
    and tagged with their keywords and `tags` (already normalised). An item of papercli's
    own JSON or JSON Lines export is read by `exported`, with every field it carries; its
    tags and note are given back (`exported.restore`).

    Ctrl-C (or SIGTERM, as the CLI raises it) returns the result so far with `interrupted`
    set and the exception in `interruption` (as `sync.run_sync` does), so the caller can
    say that what was stored is kept: a terminated import said only "terminated". With
    `indexing` set too, it came after every file was read and stored, while the search
    index caught up: nothing is left to import again.
    """
    result = ImportResult()
    store = session.store()
    store.storing()
    try:
        if store.read_only:
            _import(session, store, sources, stdin, categories, progress, tags, result)
            return result
        store.for_bulk_load()
        # The search index is built (or caught up) once, after the last batch, not per
        # batch. A kill before then leaves the index behind the library by what the search
        # queue holds: the next search (or import) catches it up, or rebuilds it when that
        # is more.
        with store.index_deferred(build=True):
            _import(session, store, sources, stdin, categories, progress, tags, result)
            result.indexing = True
    except KeyboardInterrupt as exc:
        result.interrupted, result.interruption = True, exc
    return result


def _import(
    session: Session, store: Store, sources: Iterable[str], stdin: BinaryIO | None,
    categories: Sequence[str], progress: Progress | None, tags: Sequence[str],
    result: ImportResult,
) -> None:
    """Every source into the library, counted in `result` as it goes. A file that cannot
    be read (missing, not JSON, broken part-way) is kept in `result.failed` and the next
    one is read, as `cp` goes on past a path it cannot copy: a refused third file
    swallowed the summary of the two imported before it. A library that cannot be
    written or a broken config ends the whole import."""
    from papercli.errors import ConfigError, StoreError, naming

    unreachable = Unreachable()  # a source out of reach for one entry: not asked again
    sources = list(sources)
    for source in sources:
        name = "standard input" if source == "-" else source
        # where a skipped item is: "item 7", of which file when there are several
        where = f"{Path(name).name} item" if len(sources) > 1 else "item"
        try:
            _import_one(session, store, source, name, stdin, categories, progress, tags,
                        result, unreachable, where)
        except (StoreError, ConfigError, OfflineMiss):
            raise
        except PapersError as exc:  # (said with its path shorter where it is long)
            result.failed.append((name, naming(exc, source, str(Path(source)))))


def _import_one(
    session: Session, store: Store, source: str, name: str, stdin: BinaryIO | None,
    categories: Sequence[str], progress: Progress | None, tags: Sequence[str],
    result: ImportResult, unreachable: Unreachable, where: str = "item",
) -> None:
    """One source into the library (see `_import`); a skipped item's reason says
    `where` it is ("item 7: not an object": "not an object; not an object" left the
    user to search a 50 MB file for which)."""
    from papercli import arxiv_import, bibimport, exported, jsonstream
    from papercli.models import guarded, parse_one
    from papercli.repeats import Repeats

    batch: list[Paper] = []
    by_day: dict[str, list[str]] = {}
    repeats = Repeats()  # the papers the file named so far
    if result.restored is not None:  # (its notes' repeats are its own: `restore_notes`)
        result.restored.next_file()
    yours: list[exported.Record] = []  # records carrying your own fields, this batch
    written_before = result.added + result.updated + result.unchanged
    broken: PapersError | None = None  # where the file turned out not to be JSON
    read = ids = dicts = 0  # this file's items, those only an arXiv id, a Python dict's text
    wrapped: str | None = None  # the key of the papers' list, in a file that is one object
    python: str | None = None  # the same of a list of Python dicts saved as text
    zotero = False  # one object holding Zotero's items (Better BibTeX JSON)
    first_why = ""  # why its first item was skipped, if it was
    before = (result.read, result.skipped, len(result.reasons))
    with jsonstream.open_source(source, stdin=stdin) as raw_stream:
        stream, snapshot, _ = arxiv_import.peek(raw_stream, name)
        # A bar by the file's own bytes read, of its size: by the bytes the readers get,
        # a gzipped file's had no end ("46.8/? MB" for minutes) and a UTF-16 file's
        # stopped at half (UTF-32: a quarter), its text read as UTF-8.
        packed = _packed(raw_stream, source)
        total = packed[1] if packed else None
        if packed and progress is not None:
            progress = _by_position(progress, packed[0])
        if snapshot:
            # counted in the result as its batches are stored: after Ctrl-C too
            counts = arxiv_import.SnapshotCounts(name)
            result.snapshots.append(counts)
            try:
                arxiv_import.import_snapshot(
                    store, stream, name, path=source, patterns=categories,
                    batch_size=IMPORT_BATCH, total=total, progress=progress,
                    counts=counts)
            except PapersError:  # nothing of it kept: the error alone says what happened
                if not counts.added + counts.updated + counts.unchanged:
                    result.snapshots.remove(counts)
                else:  # (its papers before the break are in the summary)
                    result.files += 1
                raise
            if counts.bad == counts.read and counts.bad and not counts.resumed_at:
                # every line bad: not "read 5 lines: 0 new, …, skipped 5 bad lines", exit 0
                result.snapshots.remove(counts)
                raise jsonstream.no_papers(name, counts.bad, counts.reasons[0], "line")
            result.files += 1
            result.whole += 1
            return
        stream, kind = bibimport.sniff(stream, name)
        if kind is not None:
            # counted in the result as its batches are stored: after Ctrl-C too
            refs = bibimport.Counts(name, kind)
            result.references.append(refs)
            try:
                bibimport.import_references(
                    session, stream, name, kind, get_papers=_records, tags=tags,
                    progress=progress, unreachable=unreachable, total=total, counts=refs)
            except PapersError:  # (no entry that can be read: no summary of nothing)
                if not refs.kept:
                    result.references.remove(refs)
                else:
                    result.files += 1
                raise
            result.files += 1
            result.whole += 1
            return
        reading = jsonstream.items(stream, name, _bytes_read(progress, name, total))
        while True:
            try:
                raw = next(reading)
            except StopIteration:
                break
            except PapersError as exc:  # the file breaks here: what came before stays
                broken = exc
                break
            result.read += 1
            read += 1
            if ids + 1 == read and jsonstream.is_id(raw):
                ids += 1
            if dicts + 1 == read and jsonstream.is_python_dict(raw):
                dicts += 1
            record = None
            if isinstance(raw, jsonstream.BadLine):  # JSON Lines: the next line is read
                paper, reason = None, raw.why
            elif exported.is_record(raw):
                record, reason = guarded(exported.parse, raw)
                paper = record.paper if record is not None else None
            else:
                paper, reason = parse_one(raw)
            if paper is None:
                result.skipped += 1
                if len(result.reasons) < 20:
                    result.reasons.append(f"{where} {read}: {reason}")
                if read == 1:  # a list of papers inside an object, `{"papers": [...]}`?
                    wrapped = jsonstream.list_key(raw)
                    zotero = jsonstream.zotero_items(raw)
                    python = jsonstream.python_key(raw)
                    first_why = reason
                continue
            if record is not None:
                _own_record(record, yours, result)
            batch.append(paper)
            repeats.note(paper.id)
            day = day_of(paper)
            if day:
                by_day.setdefault(day, []).append(paper.id)
            for other in record.listed_on if record is not None else ():
                if other != day:  # (an export's other days: `submitted_at` names the last)
                    by_day.setdefault(other, []).append(paper.id)
            if len(batch) >= IMPORT_BATCH:
                _write_batch(store, batch, by_day, result, repeats)
                _restore(session, yours, result)
    _write_batch(store, batch, by_day, result, repeats)
    _restore(session, yours, result)
    kept = result.added + result.updated + result.unchanged - written_before
    if broken is None and read and ids == read:  # not "skipped N (not an object)", exit 0
        broken = jsonstream.ids_list(name, read)
    if broken is None and read and dicts == read:  # (said as "no papers: … not an object")
        broken = jsonstream.python_dicts(name, read)
    if broken is None and read == 1 and zotero:  # (not papers to unwrap: Zotero's items)
        broken = jsonstream.better_bibtex_json(name)
    if broken is None and read == 1 and wrapped is not None:  # not "skipped 1 … missing id"
        broken = jsonstream.wrapped_list(name, wrapped)
    if broken is None and read == 1 and python is not None:
        broken = jsonstream.python_dicts(name, read, python)
    if broken is None and read and result.skipped - before[1] == read:  # nothing usable:
        broken = jsonstream.no_papers(name, read, first_why)  # not "0 new, 3 skipped", exit 0
    if broken is not None:
        if kept:  # its papers are in the summary, beside the error that says where it broke
            result.files += 1
            result.hub_files += 1
            skipped = result.skipped - before[1]  # (a lone file's error is all that is said)
            # (its shorter ways without the count, which the summary says: they are for
            # the message as it was, and were lost with it: 169 columns)
            briefly = broken.shorter
            broken.message += (f"; the {plural(kept, 'paper')} before it "
                               f"{'is' if kept == 1 else 'are'} in the library"
                               + (f", {plural(skipped, 'unusable item')} skipped"
                                  if skipped else ""))
            # (and the shorter ways keep the count: "is cut off — import it once it is
            # whole" alone, exit 1, read as though nothing had come in)
            counted = f"; {plural(kept, 'paper')} before it kept"
            # (a name too long for any way to fit: the shortest, with the counts and what
            # to do, where the whole message made 170 to 320 columns piped)
            least = min(briefly, key=lambda way: len(way[0]), default=None)
            skipped_too = (f", {plural(skipped, 'unusable item')} skipped" if skipped
                           else "")
            broken.shorter = lead_when_none_fits([
                *((said + counted, hint) for said, hint in briefly),
                *((said + counted, None) for said, _ in briefly), *briefly],
                (least[0] + counted + skipped_too, least[1]) if least
                else (broken.message, broken.hint))
        else:  # nothing of it came in: its items are not counted as read or skipped
            result.read, result.skipped = before[:2]
            del result.reasons[before[2]:]
        raise broken
    result.files += 1
    result.whole += 1
    result.hub_files += 1


def _own_record(record: exported.Record, yours: list[exported.Record],
                result: ImportResult) -> None:
    """Count a record's dropped fields; keep it for `_restore` when it carries any of
    your own fields (few: an export adds them only to the papers you starred, read, hid,
    tagged or noted)."""
    if record.bad:
        result.bad_fields += 1
        if len(result.bad_reasons) < 20:
            result.bad_reasons.append(f"{record.paper.id}: {', '.join(record.bad)}")
    if record.yours:
        yours.append(record)


def _restore(session: Session, yours: list[exported.Record], result: ImportResult) -> None:
    """Your own fields of a written batch's records put back; empties the list."""
    if not yours:
        return
    from papercli import exported

    if result.restored is None:
        result.restored = exported.Restored()
    exported.restore(session, yours, result.restored)
    yours.clear()


def _records(session: Session, ids: Sequence[str], unreachable: Unreachable,
             give_up: int) -> list[Paper | PapersError]:
    """Each id's record, fetched, or why not (what a reference file's entries the library
    lacks, or has from a file's fields alone, need: `get_papers`, arXiv asked once for
    the Hub's misses, the library's record no answer); a source `unreachable` found out
    of reach is not asked."""
    return [got if isinstance(got, PapersError) else got.paper
            for got in get_papers(session, ids, unreachable, keep=(PapersError,),
                                  give_up=give_up, fall_back=False)]


def _bytes_read(progress: Progress | None, name: str,
                total: int | None) -> Callable[[int], None] | None:
    """A JSON reader's bytes-read hook feeding `progress` (a Hub JSON file of a year's
    daily papers is ~50 MB: seconds of reading with nothing shown)."""
    if progress is None:
        return None
    return lambda done: progress(name, done, total)


def _by_position(progress: Progress, done: Callable[[], int]) -> Progress:
    """`progress` told how far `done` says the file is read, whatever a reader counted
    (the bytes it was given: the file's unpacked or recoded as UTF-8)."""
    return lambda name, _read, total: progress(name, done(), total)


def _packed(raw: BinaryIO, source: str) -> tuple[Callable[[], int], int] | None:
    """(how many bytes of `raw` are read, its size) for a regular file; None for standard
    input or a pipe, whose size is unknown."""
    size = None if source == "-" else _size(source)
    try:
        if not size or not raw.seekable():
            return None
    except (OSError, ValueError):
        return None
    whole: int = size

    def done() -> int:
        try:
            return min(raw.tell(), whole)
        except (OSError, ValueError):
            return 0

    return done, size


def _size(path: str) -> int | None:
    import os

    try:
        return os.stat(path).st_size
    except OSError:
        return None


def _write_batch(
    store: Store, batch: list[Paper], by_day: dict[str, list[str]], result: ImportResult,
    repeats: Repeats,
) -> None:
    """One transaction of an import; empties the batch for the next one."""
    if not batch:
        return
    from papercli.outfile import READ_SO_FAR, held_signals

    first, again, repeated = repeats.split(batch)
    with held_signals(READ_SO_FAR):  # stored and counted, or neither (see sync.run_sync)
        written = store.import_papers(first, by_day)
        if again:  # (the file's later copy is the one kept)
            store.import_papers(again, {})
        # A paper the file named before, in this batch or an earlier one, is written
        # again (the last copy wins) and its item counted as repeated: every item read
        # is counted once, and a first import has nothing "unchanged".
        result.repeated += repeated
        result.added += written.added
        result.updated += written.updated
        result.unchanged += written.unchanged
    batch.clear()
    by_day.clear()


# -- cache info ------------------------------------------------------------------------


def cache_info(session: Session) -> dict[str, Any]:
    """What `cache info` reports. A listing's "source": "hub" or "arxiv" (fetched from
    it), "import" (`papers import`) or the week/month key it was filed from; "fetched_at" is
    null when the library does not know when (an import, a listing repaired from an
    earlier papercli's), never the placeholder time the library sorts them by."""
    from papercli.db.schema import IMPORTED_AT, REPAIRED_AT

    store = session.store()
    listings = store.listings()
    aside = {"library.db": store.set_aside()}
    if session.has_userdb():  # (opening it would make one)
        with session.userdb() as udb:
            aside["user.db"] = udb.set_aside()
    return {
        "path": str(store.path),
        "size_bytes": store.size_bytes(),
        "papers": store.count_papers(),
        "listings": len(listings),
        "schema_version": store.schema_version(),
        # {file: {table: rows}} an upgrade set aside: ids that name no paper (2613.00001)
        "set_aside": {where: tables for where, tables in aside.items() if tables},
        "entries": [
            {"key": i.key, "count": i.count,
             "fetched_at": None if i.fetched_at in (IMPORTED_AT, REPAIRED_AT) else i.fetched_at,
             "source": i.source or ("arxiv" if i.kind == "arxiv" else "hub")}
            for i in listings
        ],
    }


def org_counts(session: Session, holding: str | None = None,
               leaving_out: Collection[str] = ()) -> list[dict[str, Any]]:
    """Each organization in the library (Hub name, display name) and its paper count,
    the papers `leaving_out` not counted (the hidden ones: what `papers search --org NAME
    -n 0` lists); with `holding`, only those either of whose names holds that text (case
    and accents folded, as --org and --author read names), so `bytedance` finds
    ByteDance Seed too."""
    from papercli.criteria import fold

    needle = fold(holding) if holding is not None else None
    return [
        {"name": name, "fullname": fullname, "papers": n}
        for name, fullname, n in session.store().org_counts(leaving_out)
        if needle is None or needle in fold(name or "") or needle in fold(fullname or "")
    ]


class Cleared(NamedTuple):
    """What `clear_cache` removed: papers and listings, or (None, None) and where the
    damaged library went that could not be read to be cleared; `existed` is False when
    there was no library to clear (none was created for it)."""

    papers: int | None
    listings: int | None
    moved_aside: Path | None = None
    existed: bool = True


def clear_cache(session: Session, confirm: Callable[[], None] = lambda: None) -> Cleared:
    """Forget every fetched paper and listing. A library too damaged to clear (a page gone
    bad) is moved aside and a new one started: clearing is the repair its damage calls
    for, so it must not fail on it. With no library yet nothing is created (an empty one
    made only to be emptied, or an error where the cache folder cannot be written), and
    `confirm` (which raises to stop) is called only when there is a library to clear."""
    from papercli.db.connection import damaged, move_aside

    if not session.library_path.exists():
        return Cleared(0, 0, existed=False)
    confirm()
    try:
        return Cleared(*session.store().clear())
    except Exception as exc:
        if not damaged(exc):
            raise
    session.close()
    moved = move_aside(session.library_path)
    session.store().create_file()  # the new, empty library ("and a new one started")
    return Cleared(None, None, moved)


def family_counts(session: Session, *, hidden: bool = True) -> list[dict[str, Any]]:
    """Each family with its aliases, origin and number of papers in the library; the
    papers you hid counted with `hidden`, else left out, as a listing of the family
    leaves them (the browser's chooser; `papers families` reads the hidden papers as a
    listing does, a user database it cannot read hiding nothing, and asks `family_rows`)."""
    leaving_out: set[str] = set()
    if not hidden and session.has_userdb():
        with session.userdb() as udb:
            leaving_out = udb.hidden()
    return family_rows(session, leaving_out)


def family_rows(session: Session, leaving_out: Collection[str] = ()) -> list[dict[str, Any]]:
    """Each family (in the families' own order) with its aliases, origin and the number
    of papers in the library naming it, the papers `leaving_out` not counted: what
    `papers search --family NAME -n 0` lists when they are the papers you hid."""
    counts = session.store().family_counts(leaving_out)
    return [
        {
            "name": fam.name,
            "aliases": list(fam.aliases),
            "builtin": fam.builtin,
            "papers": int(counts.get(fam.name, 0)),
        }
        for fam in session.matcher.families
    ]


def restore_starred(session: Session, paper_id: str) -> Paper | None:
    """A starred paper missing from the library (after `cache clear`): put its snapshot
    back, stamped as old so any fetch wins. None when it is not starred."""
    from papercli.db.schema import IMPORTED_AT

    if not session.has_userdb():
        return None
    try:
        with session.userdb() as udb:
            star = udb.star_of(paper_id)
    except PapersError:
        return None  # the commands that own the user database report it
    if star is None:
        return None
    store = session.store()
    store.upsert_papers([star.paper], fetched_at=IMPORTED_AT)
    return store.get_paper(paper_id)

