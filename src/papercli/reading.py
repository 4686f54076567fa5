"""The reading list and marks: stars (with a snapshot of each record), read marks, hidden
papers, and the URLs `papers open` opens. They live in the user database
(`papercli.db.userdb`), never in the cache, so `cache clear` keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from papercli.errors import PapersError, UsageError, quoting_shorter
from papercli.models import InvalidPaperId, Paper, id_or_none, normalize_id
from papercli.sanitize import clean_line, lookalike_digits, quoted, safe_url

if TYPE_CHECKING:
    import webbrowser

    from papercli.db.userdb import UserDB
    from papercli.filters import Filter
    from papercli.library import PaperResult
    from papercli.session import Session


def parse_ids(texts: Sequence[str]) -> list[str]:
    """Paper ids from the command line, normalised and de-duplicated (UsageError if bad)."""
    out: dict[str, None] = {}  # (a dict: each id once, in order, in linear time)
    for at, text in enumerate(texts):
        try:
            pid = normalize_id(text)
        except InvalidPaperId as bad:
            if bad.reason:  # an id's shape, a digit short: no search or guess would help
                miscounted = UsageError(f"{quoted(text)} is not an arXiv id: {bad.reason}")
                miscounted.shorter = [(f"{quoted(text)}: {bad.reason}", None)]
                raise miscounted from None
            if text == "-":  # (every command but `note` reads `-` as ids on stdin)
                raise UsageError("this command does not read standard input",
                                 hint="give the id itself") from None
            after = texts[at + 1] if at + 1 < len(texts) else ""
            hint = _id_hint(text, after)
            # Said alike whatever it looks like: an id with an escape in it was "not an
            # arXiv id or paper URL", a word "not a paper id" (shorter, so the command to
            # type fits in 80 columns: the line was 131 wide).
            error = UsageError(f"{quoted(text)} is not a paper id", hint=hint)
            # ("'https://example.com/x' is not an arXiv id or paper URL — …": 88 columns;
            # a long search's words, said twice, 119 to 150: then cut, the search named;
            # what is as short as an id, whole: its look-alike digit is what is wrong)
            # ("'not-an-id' is not a paper id — papers search not-an-id finds papers": 84;
            # then "not an id: 'not-an-id'", the command whole)
            searched = hint.startswith("papers search ")
            error.shorter = [(f"{quoted(text)} is not a paper id", hint),
                             *([(f"not an id: {quoted(text)}", hint),
                                (f"not an id: {quoted(text)}", "did you mean papers search?")]
                               if searched else []),
                             *(quoting_shorter(
                lambda q: f"{q} is not a paper id", text, "did you mean papers search?",
                [(lambda q: f"not an id: {q}", "try papers search")])
                if searched else [])]
            if hint.startswith(("did you mean ", "separate the ids ")):
                # (the ids it holds, named in the hint, are what to keep: "'(arXiv:2404.
                # 14047).' is not a paper id — did you mean 2404.14047?" made 81 columns,
                # a version or an old-style id more, two ids 113; what was typed is said
                # shorter, then the hint)
                brief = hint.replace("separate the ids with spaces:", "separate them:")
                # (three ids: none fit beside the ids named, and the line was 134: then
                # the ids said only as what was typed, cut)
                bare = hint.partition(":")[0] if hint.startswith("separate ") else hint
                if hint.startswith("did you mean "):  # (the id meant, in fewer words,
                    meant = hint.removeprefix("did you mean ").removesuffix("?")
                    error.shorter += quoting_shorter(  # what was typed kept whole)
                        lambda q: f"{q} is not an id", text, hint,
                        [(lambda q: f"{q} is not an id", f"try {meant}")])
                for fix in dict.fromkeys((hint, brief, bare)):  # (the ids it holds named,
                    # what was typed cut: it is those ids)
                    error.shorter += quoting_shorter(lambda q: f"{q} is not an id", text, fix)
            elif hint.startswith("these ids came as one argument"):  # (165 columns)
                for fix in ("leave the $(…) unquoted, or pipe them", "leave the $(…) unquoted"):
                    error.shorter += quoting_shorter(lambda q: f"{q} is several ids", text,
                                                     fix)
            # (last, where none of those fits: a long mistyped id, quoted to 60 characters
            # beside "e.g. 2401.01055", made 114 columns, wide characters 174: cut)
            if lookalike_digits(text):
                # (a look-alike digit is never cut off: said whole without the hint where
                # that fits; a terminal's line squeezes the value in its middle, its end
                # kept, `cli.failures`)
                # (its hint, the fix, kept in fewer words first: fullwidth digits take two
                # columns each, and "— type it with the digits 0-9" made 84)
                error.shorter += [(f"{quoted(text)} is not a paper id", "use the digits 0-9"),
                                  (f"{quoted(text)} is not a paper id", None)]
            else:
                # ("is not an id": 8 columns more for what was typed, kept whole)
                error.shorter += quoting_shorter(lambda q: f"{q} is not a paper id", text,
                                                 hint, [(lambda q: f"{q} is not an id", hint)])
            raise error from None
        out[pid] = None
    return list(out)


_AROUND = "<>()[]{}\"'`,.;:"  # what prose puts around an id: `(arXiv:2401.01055),`


def _ids_inside(text: str) -> list[str]:
    """The ids a text is made of once what prose puts around them is taken off
    (`2401.01055,2404.14047`, `<2401.01055>.`); none unless every piece is one."""
    pieces = [p.strip(_AROUND) for p in re.split(r"[\s,;]+", text[:400]) if p.strip(_AROUND)]
    found: list[str] = []
    for piece in pieces:
        try:
            found.append(normalize_id(piece))
        except InvalidPaperId:
            return []
    return list(dict.fromkeys(found))


# A new-style id inside other text, not part of a longer number (2401.010555, 12401.01055).
_EMBEDDED_ID = re.compile(r"(?<![0-9.])[0-9]{4}\.[0-9]{4,5}(?:v[0-9]+)?(?![0-9])")


def _ids_within(text: str) -> list[str]:
    """The distinct new-style ids found anywhere in `text` (its first 400 characters)."""
    found = (id_or_none(m) for m in _EMBEDDED_ID.findall(text[:400]))  # (2608.1988: none)
    return [pid for pid in dict.fromkeys(found) if pid is not None]


def _id_hint(text: str, after: str = "") -> str:
    """What to do instead: `arXiv: 2401.01055` (a citation's space, two words on the
    command line) is one word; ids wrapped in punctuation or joined by commas are named
    (separated by spaces); a word (a title, a model name) is found by `papers search`;
    anything else was probably a mistyped id."""
    import shlex

    if text.lower() in ("arxiv:", "doi:"):
        if _ids_inside(text + after):
            return f"write it without the space: {text}{after}"
        example = "2401.01055" if text.lower() == "arxiv:" else "10.48550/arXiv.2401.01055"
        return f"the id follows it without a space: {text}{example}"
    if lookalike_digits(text):  # (an input method left on: `2401.0105５` looks right, and
        # "e.g. 2401.01055" did not say what is wrong; a date or a number says this)
        return "type it with the digits 0-9"
    inside = _ids_inside(text)
    if len(inside) > 1 and any(ch.isspace() for ch in text.strip()):  # "$(papers … -q)"
        return ("these ids came as one argument: leave the $(…) unquoted, or pipe them "
                "(… -q | papers COMMAND -)")
    if len(inside) > 1:
        more = " …" if len(inside) > 5 else ""
        return f"separate the ids with spaces: {' '.join(inside[:5])}{more}"
    if inside:
        return f"did you mean {inside[0]}?"
    # A citation pasted whole ("arXiv 2401.01055", "[arXiv 2401.01055]") or the end of
    # arXiv's DOI ("arxiv.2401.01055"): the id in it, not a search for the words.
    cited = _ids_inside(re.sub(r"(?i)\barxiv\b[:.]?", " ", text))
    if not cited and re.fullmatch(r"\d{4},\d{4,5}(v\d+)?", text.strip()):
        cited = _ids_inside(text.replace(",", "."))  # a decimal comma: 2401,01055
    if len(cited) == 1:
        return f"did you mean {cited[0]}?"
    if len(embedded := _ids_within(text)) == 1:
        # A PDF's file name (2401.01055v2.pdf, ~/Downloads/…) or a link to another site
        # (Semantic Scholar, a reader) with the id in it: "papers search 2401.01055v2.pdf
        # finds papers", or "e.g. 2401.01055" for the link.
        return f"did you mean {embedded[0]}?"
    if ("://" not in text and "/" not in text and text.isprintable() and len(text) <= 80
            and re.search(r"[^\W\d_]{3}", text)):
        return f"papers search {shlex.quote(text)} finds papers"
    return "e.g. 2401.01055"


# -- stars and read marks ------------------------------------------------------------------


@dataclass
class StarResult:
    added: list[str]
    refreshed: list[str]  # already starred (their snapshot copied again)
    hidden: list[str]  # starred but hidden: `starred` leaves them out until unhidden
    failures: list[PapersError] = field(default_factory=list)  # `Checked.failures`
    # Of `refreshed`, those whose record is the one their star kept already (`--offline`
    # of a paper the library lacks: its own snapshot, copied again): nothing refreshed.
    unchanged: list[str] = field(default_factory=list)


def star(session: Session, udb: UserDB, ids: Sequence[str], *,
         partly: bool = False) -> StarResult:
    """Star papers with a snapshot of their full record (library, else the Hub). Every
    record is looked up first (`look_up`): one that cannot be had stars nothing, or
    with `partly` (`papers star`, as every command that marks papers) the others are
    starred and the failures returned to say."""
    from papercli.db.userdb import snapshot

    found = look_up(session, ids, "starred", records=True)
    if found.failures and not partly:
        raise found.failures[0]
    kept = {s.paper.id: snapshot(s.paper) for s in udb.stars_among(found.ids)}
    same = {p.id for p in found.records if kept.get(p.id) == snapshot(p)}
    added = udb.star(found.records) if found.records else []
    hidden = udb.hidden()
    new = set(added)  # (a set: a list looked up per id was quadratic)
    return StarResult(added, [pid for pid in found.ids if pid not in new],
                      [pid for pid in found.ids if pid in hidden], found.failures,
                      [pid for pid in found.ids if pid in same and pid not in new])


@dataclass
class Starred:
    paper: Paper
    starred_at: str
    read_at: str | None
    place: int  # in the whole list (1: the top), whatever filter left it: `starred_order`


def starred(session: Session, udb: UserDB, flt: Filter) -> list[Starred]:
    """The reading list, most recently starred first. The library's record wins when it
    has one (fresher counts); otherwise the snapshot, with families recomputed."""
    stars = udb.stars()
    marks = udb.read_marks(s.paper.id for s in stars)
    store = session.store()
    out: list[Starred] = []
    for place, item in enumerate(stars, 1):
        paper = store.get_paper(item.paper.id) or _rematched(session, item.paper)
        read_at = marks.get(paper.id)
        if flt.matches(paper):
            out.append(Starred(paper, item.starred_at, read_at, place))
    return out


def _rematched(session: Session, snap: Paper) -> Paper:
    """A kept record with its families matched again (the rules may have changed since
    it was kept)."""
    return snap.with_families(session.matcher.match(snap.title, snap.summary, snap.ai_keywords))


def kept_copies(session: Session, udb: UserDB, ids: Sequence[str]) -> dict[str, Paper]:
    """paper id -> the record the user database keeps of it, for those of `ids` that have
    one: a star's snapshot, else the copy a tag or a note keeps (`tags.keep`), families
    matched again as `starred` does; what stands for a paper the library lacks (after
    `papers cache clear`) where your own papers are listed."""
    return {pid: _rematched(session, paper) for pid, paper in _kept_records(udb, ids).items()}


def _kept_records(udb: UserDB, ids: Sequence[str]) -> dict[str, Paper]:
    """`kept_copies` as kept, their families not matched again: for a caller that asks
    only which papers have a copy (`unlisted`: the matcher is ~60 ms to build)."""
    wanted = set(ids)
    if not wanted:
        return {}
    found = {s.paper.id: s.paper for s in udb.stars_among(sorted(wanted))}
    if rest := [pid for pid in ids if pid not in found]:
        found.update(udb.kept(rest))
    return found


def unlisted(session: Session, udb: UserDB, ids: Sequence[str]) -> list[str]:
    """Those of `ids` (in their order) that no listing can show: the library lacks them
    (tagged offline, or before `papers cache clear`), asked in one query, and the user
    database (`udb`, already open) keeps no copy of them (`kept_copies`, which a listing
    shows instead). What `papers tags` counts apart and an empty `--tag` listing says."""
    present = session.store().present(ids) if session.library_path.is_file() else set()
    if absent := [pid for pid in ids if pid not in present]:
        present.update(_kept_records(udb, absent))  # (which have one: not the copies)
    return [pid for pid in ids if pid not in present]


# -- papers open ---------------------------------------------------------------------------

LINKS = ("hf", "arxiv", "pdf", "code", "project", "doi")
# The links only a paper's record holds (fetched when the library lacks it): what each is
# called, and who would have it (a paper without one is named, as `NoLink` names them).
RECORD_LINKS = {"code": ("code link", "on the Hub"), "project": ("project page", "on the Hub"),
                "doi": ("journal DOI", "known")}


class NoLink(PapersError):
    """Papers whose record lacks the link asked for (`RECORD_LINKS`: `papers open --code`,
    --project, --doi): named together, with the command that opens their pages."""

    def __init__(self, ids: Sequence[str], which: str = "code") -> None:
        from papercli.words import first_few

        one = len(ids) == 1
        super().__init__(no_link(ids, which),
                         hint=f"try papers open {' '.join(ids[:10])} for "
                         f"{'its' if one else 'their'} page" + ("" if one else "s"))
        # (80 columns: "paper … has no code link on the Hub — try `papers open …` for its
        # page" was 103 wide for one id; several ids are named without the hint)
        what, where = RECORD_LINKS[which]
        self.shorter = [(f"{ids[0]} has no {what} {where}", f"try without --{which}")] if one \
            else [(f"no {what} {where} for {first_few(ids, shown)}", None) for shown in (3, 2, 1)]
        self.ids = list(ids)
        self.which = which


def no_link(ids: Sequence[str], which: str) -> str:
    """"paper 2401.01055 has no code link on the Hub", "no project page on the Hub for
    2401.01055 and 2404.14047", "paper … has no journal DOI known"."""
    what, where = RECORD_LINKS[which]
    if len(ids) == 1:
        return f"paper {ids[0]} has no {what} {where}"
    return f"no {what} {where} for {listed(ids)}"


# A DOI as a link may carry it: arXiv's field sometimes holds two, or words after one.
_DOI = re.compile(r"10\.[0-9]{4,9}/\S{1,250}")


def record_link(paper: Paper, which: str) -> str | None:
    """The link `which` (`RECORD_LINKS`) of a paper's record, None when it has none: the
    journal DOI (the first, if arXiv gave several) as a doi.org URL, escaped."""
    if which == "code":
        return paper.github_repo
    if which == "project":
        return paper.project_page
    found = _DOI.search(paper.doi or "")
    if found is None:
        return None
    from urllib.parse import quote

    return "https://doi.org/" + quote(found.group().rstrip(".,;"), safe="/:;()[]")


def has_hub_page(session: Session, paper_id: str) -> bool:
    """Whether the paper's Hugging Face page is worth opening, as far as the library knows
    without asking (`Paper.has_hub_page`; never for an old-style id). A paper the library
    lacks is given the benefit of the doubt."""
    if "/" in paper_id:
        return False
    record = session.store().get_paper(paper_id)
    return record is None or record.has_hub_page


def paper_url(session: Session, paper_id: str, which: str = "hf", version: str = "") -> str:
    """The URL to open; only the links of `RECORD_LINKS` need the paper's record. A paper
    with no Hub page (`has_hub_page`) has its arXiv page opened instead of the Hub's.
    `version` ("v2", as the id was typed) is arXiv's: its page and PDF of that version."""
    if which == "arxiv" or (which == "hf" and not has_hub_page(session, paper_id)):
        return f"https://arxiv.org/abs/{paper_id}{version}"
    if which == "pdf":
        return f"https://arxiv.org/pdf/{paper_id}{version}"
    if which in RECORD_LINKS:
        from papercli.library import get_paper

        url = record_link(get_paper(session, paper_id).paper, which)
        if not url:
            raise NoLink([paper_id], which)
        return url
    return f"{session.endpoint}/papers/{paper_id}"


def paper_urls(session: Session, ids: Sequence[str], which: str = "hf",
               versions: Mapping[str, str] | None = None
               ) -> tuple[dict[str, str], list[PapersError]]:
    """Each id's `paper_url` (id -> URL, in the order given), and the failures of those
    that have none, for the one policy of the commands given several ids (`Checked`):
    the others are opened, and each kind of failure is said after, in a line of its own.
    Only the links of `RECORD_LINKS` need the paper's record (every other URL is made
    from the id, and nothing fails): the records are looked up together (`look_up`, as
    `show` looks them up), the papers without the link named together (`NoLink`), then
    the ids found nowhere (and those whose record could not be had, the Hub out of reach
    or offline), as `show` names them. `versions`: the version each id was typed with
    (`id_version`), for arXiv's pages."""
    if which not in RECORD_LINKS:
        return {pid: paper_url(session, pid, which, (versions or {}).get(pid, ""))
                for pid in ids}, []
    found = look_up(session, ids, "opened", records=True)
    urls: dict[str, str] = {}
    lacking: list[str] = []
    for pid, paper in zip(found.ids, found.records, strict=True):
        if url := record_link(paper, which):
            urls[pid] = url
        else:
            lacking.append(pid)
    return urls, [*([NoLink(lacking, which)] if lacking else []), *found.failures]


def launchable(url: str, what: str, hint: str | None = None) -> str:
    """`url` if `sanitize.safe_url` allows it, else a PapersError naming `what` and the
    URL: the one check before anything is handed to a browser (here, beside `browser`,
    not in sanitize, which the errors it raises are built on)."""
    if safe_url(url) is not None:
        return url
    shown = clean_line(url, 60)
    raise PapersError(
        f"{what} ({shown!r}) is not an http(s) link; nothing was opened",
        hint=hint or "the record may be damaged or tampered with; papers show ID "
                     "--refresh fetches it again",
    )


def browser() -> webbrowser.BaseBrowser | None:
    """The browser `papers open` (and `papers browse`) hands URLs to; None when there is
    none (a server, an SSH session). Python's choice, except that `$BROWSER` is a command
    line, as gh and xdg-open read it: `firefox --new-window` (webbrowser would look for a
    program named all of that unless it has a `%s`)."""
    import os
    import shlex
    import shutil
    import webbrowser

    first = next((c for c in os.environ.get("BROWSER", "").split(os.pathsep) if c.strip()), "")
    if first and "%s" not in first and not shutil.which(first):
        try:
            words = shlex.split(first)
        except ValueError:
            words = []
        if len(words) > 1:
            return webbrowser.GenericBrowser([*words, "%s"])
    try:
        return webbrowser.get()
    except webbrowser.Error:
        return None



# -- ids the library and the Hub do not know -----------------------------------------------


class UnknownPapers(PapersError):
    """Ids found neither in the library (nor a star's snapshot) nor on the Hub; `arxiv`:
    arXiv was asked about each and has none either (as one id's own error says);
    `unasked`: those arXiv could not be asked about, why (`reason`) and what to do about
    it (`advice`, `errors.advice`), as one id's own error says too."""

    def __init__(self, ids: Sequence[str], *, arxiv: bool = False,
                 unasked: Sequence[str] = (), reason: str = "",
                 advice: str | None = None) -> None:
        from papercli.errors import arxiv_failed, unasked_named, unasked_then
        from papercli.words import plural

        hint = "check the ids; papers search WORDS finds papers"
        leads = (["on neither the Hub nor arXiv", "not on the Hub or arXiv"] if arxiv
                 else ["not in the library or on the Hub", "not on the Hub"])
        ways = naming(leads, ids, [hint, "check the ids"])
        # Counted when no id fits beside why ("not on the Hub or arXiv: hep-th/9901001 and
        # 1 more — check the ids" made 82 columns, and the line said all 125 of the first
        # way, where new-style ids, shorter, fit): why kept, as arXiv's failure is below.
        counted = (f"{plural(len(ids), 'id')} {leads[0]}", "check the ids")
        if unasked:
            about = "" if len(unasked) == len(ids) else f" about {listed(unasked)}"
            then = unasked_then(reason, "ids", advice=advice)
            hint = (f"arXiv could not be asked{about} either ({reason}); "
                    f"{unasked_then(reason, 'ids', 'try again later', advice)}")
            # (arXiv's address and the OS's words: for PAPERS_DEBUG, as for one id)
            if about:  # (some asked, found nowhere: why said of those not asked)
                failed = arxiv_failed(reason)
                ways = naming(leads, ids, [f"{failed}{about}; {then}", f"{failed}; {then}"])
                ways += naming(leads, ids, [then])
                ways += [(said, None) for said, _ in naming(leads, ids, [then])]
            else:  # the ids named as far as they fit, with why and what to do
                ways = unasked_named(ids, reason, "ids", advice)
        else:
            ways.append(counted)
        super().__init__(f"{leads[0]}: {listed(ids)}", hint=hint)
        self.shorter = ways
        self.ids = list(ids)


class ArxivKinds(PapersError):
    """Ids the Hub lacks of which arXiv said different things: it refused some (its error
    feed), has none of others, could not be asked about the rest. Each kind said in the
    one line, best first (arXiv's refusal, then none, then not asked), its ids named as
    far as they fit 80 columns, then counted; the full message (PAPERS_DEBUG, the MCP
    server) quotes arXiv's words. "not on the Hub: A, B — check the ids" lost the
    refusal, which says what is wrong with A."""

    def __init__(self, errors: Sequence[PapersError], ids: Sequence[str]) -> None:
        from papercli.errors import RefusedError, UnaskedError, arxiv_failed, unasked_then
        from papercli.words import first_few, plural

        groups: dict[tuple[str, str], list[str]] = {}  # (what arXiv did, hint) -> ids
        words: dict[tuple[str, str], str] = {}  # arXiv's own words of each kind
        for pid, error in zip(ids, errors, strict=True):
            if isinstance(error, RefusedError):
                key = (("refused {}", "check the ids") if error.named
                       else ("refused the query for {}", "try again later"))
                words.setdefault(key, error.arxiv_message)
            elif isinstance(error, UnaskedError):
                failed = arxiv_failed(error.reason).removeprefix("arXiv ")
                failed = "refused the connection" if failed == "refused" else failed
                key = (f"{failed} for {{}}",
                       unasked_then(error.reason, "ids", "try again later", error.advice))
                words.setdefault(key, error.reason)
            else:  # (a NowhereError: arXiv was asked and has none)
                key = ("lacks {}", "check the ids")
            groups.setdefault(key, []).append(pid)
        kinds = sorted(groups, key=lambda k: (not k[0].startswith("refused "),
                                              k[0] != "lacks {}"))
        hints = list(dict.fromkeys(hint for _, hint in kinds))
        hint = "; ".join(hints)

        def said(shown: Sequence[int | None], full: bool = False) -> str:
            """What arXiv did, each kind's ids named (`shown` of them; None: counted, but
            one id, which is named: "refused 1 id" said less than the id)."""
            parts = []
            for kind, n in zip(kinds, shown, strict=True):
                got = groups[kind]
                named = (listed(got) if full else plural(len(got), "id")
                         if n is None and len(got) > 1 else first_few(got, n or 1))
                why = f" ({words[kind]})" if full and kind in words else ""
                parts.append(kind[0].format(named) + why)
            last = ", and " if any(" and " in part for part in parts[:-1]) else " and "
            return "arXiv " + (", ".join(parts[:-1]) + last + parts[-1]
                               if len(parts) > 1 else parts[0])

        super().__init__(f"not on the Hub: {listed(ids)}; {said([None] * len(kinds), True)}",
                         hint=hint)
        most = min(max(len(groups[k]) for k in kinds), 10)
        lines = [said([min(n, len(groups[k])) for k in kinds]) for n in range(most, 0, -1)]
        lines += [said([1, *[None] * (len(kinds) - 1)]),  # the first kind named, the rest
                  said([None] * len(kinds))]  # counted; then all counted
        lines = list(dict.fromkeys(lines))
        self.shorter = [*((line, h) for h in dict.fromkeys((hint, hints[0])) for line in lines),
                        *((line, None) for line in lines)]
        self.ids = list(ids)


def naming(leads: Sequence[str], ids: Sequence[str], hints: Sequence[str]
           ) -> list[tuple[str, str | None]]:
    """Ways to say "lead: the ids" with one of `hints`, best first, for the error line to
    take the first that fits 80 columns: a shorter lead or hint, then fewer ids named (and
    how many more) ("not in the local library: 2401.01055, 2501.00001, 2501.00002 — run
    without --offline" made 101 columns, ten unknown ids 214)."""
    from papercli.words import first_few

    return [(f"{lead}: {first_few(ids, shown)}", hint)
            for shown in range(min(len(ids), 10), 0, -1) for lead in leads for hint in hints]


def absent_warning(ids: Sequence[str]) -> str:
    """Ids the library lacks, where nothing is fetched (a search or an export offline, the
    papers given to `for-you --like`), in one warning (an export of 40 such ids said 40
    lines): one with the command that fetches it (in 80 columns: "… (papers show
    2412.99001 fetches it)" made 85), several named as far as they fit, the rest
    counted."""
    from papercli.errors import fitting

    if len(ids) == 1:
        pid = ids[0]
        return fitting(f"{pid} is not in the library (papers show {pid} fetches it)",
                       f"{pid} is not in the library — papers show {pid} fetches it",
                       f"{pid} is not in the library — run papers show {pid}",
                       f"{pid} is not in the library (papers show fetches it)")
    # (a short hint before fewer ids: "not in the library: 2609.99991 and 3 more" had
    # no room left for "papers show fetches them" at 80 columns, and said no next step)
    told = naming(["not in the library"], ids, ["papers show fetches them",
                                                "run papers show"])
    counted = f"{len(ids):,} papers not in the library — papers show fetches them"
    return fitting(*(f"{said} — {hint}" for said, hint in told), counted,
                   *(said for said, _ in told))


def listed(ids: Sequence[str]) -> str:
    """The first ten ids, and how many more."""
    from papercli.words import first_few

    return first_few(ids, 10)


def unknown_warning(errors: Sequence[PapersError], ids: Sequence[str]) -> str:
    """The error `raise_unknown` makes of ids found nowhere, as one warning line ("m —
    hint", the first of its ways that fits 80 columns), for a command that goes on with
    the papers it found (a search of ids): it said "paper 2501.99999 is not on the Hub;
    arXiv could not be asked either (arXiv at 127.0.0.1:9 refused the connection)", 130
    columns, where `papers show` said what to do."""
    if (exc := unknown_error(errors, ids)) is None:
        return ""
    return as_warning(exc)


def as_warning(exc: PapersError) -> str:
    """An error as one warning line ("m — hint", the first of its ways that fits 80
    columns), for a command that goes on without what failed (`unknown_warning`, the
    seeds `related` could not have)."""
    from papercli.errors import debugging, fitting

    ways = [exc.line()] if debugging() else [exc.line(), *exc.shorter]
    return fitting(*(f"{said} — {hint}" if hint else said for said, hint in ways))


def raise_unknown(errors: Sequence[PapersError], ids: Sequence[str]) -> None:
    """`unknown_error`, raised; nothing if `errors` is empty."""
    if (error := unknown_error(errors, ids)) is not None:
        raise error


def unknown_error(errors: Sequence[PapersError], ids: Sequence[str]) -> PapersError | None:
    """None if `errors` is empty; one unknown id: its own error (the Hub's 404, with the
    URL); several: `UnknownPapers` naming them all (and those arXiv could not be asked
    about); offline, those the library lacks, all in one line as well. (Returned, for
    the callers that go on and say it: `unknown_warning`, `look_up`.)"""
    from papercli.errors import DamagedRecord, NowhereError, OfflineMiss, RefusedError, UnaskedError

    if not errors:
        return None
    if len(errors) == 1:
        return errors[0]
    if all(isinstance(e, OfflineMiss) for e in errors):
        # (a row too damaged to read is said so, not as missing: `DamagedRecord`)
        damaged = sum(isinstance(e, DamagedRecord) for e in errors)
        lead = ("not in the local library" if not damaged else "damaged in library.db"
                if damaged == len(errors) else "missing or damaged in library.db")
        miss = OfflineMiss(f"{lead}: {listed(ids)}", hint="run without --offline")
        miss.shorter = naming([lead], ids, ["run without --offline", "drop --offline"])
        return miss
    if any(isinstance(e, RefusedError) for e in errors):  # (said by kind: `ArxivKinds`)
        return ArxivKinds(errors, ids)
    unasked = [e for e in errors if isinstance(e, UnaskedError)]
    return UnknownPapers(ids, arxiv=all(isinstance(e, NowhereError) for e in errors),
                         unasked=[e.paper_id for e in unasked],
                         reason=unasked[0].reason if unasked else "",
                         advice=unasked[0].advice if unasked else None)


@dataclass
class Checked:
    """Ids sorted by what a command that marks papers (star, tag, read, hide) can do with
    them, for the one policy they follow, as gh and git do: act on what can be acted on,
    say the rest, exit 1 if anything failed (`star` of a known and an unknown id with
    the Hub down starred nothing, where `tag` tagged the known one). `ids`: those to act
    on, in the order given; `records`: theirs, where looked up (a star keeps one);
    `unchecked`: acted on though nothing could say whether they exist (offline, no
    answer from the Hub: warned of); `failures`: one error for each kind of id not
    acted on, naming them."""

    ids: list[str]
    records: list[Paper]
    unchecked: list[str]
    failures: list[PapersError]
    # With `records`: each record as it was had (a stale copy's why, its listing day)
    results: list[PaperResult] = field(default_factory=list)


def look_up(session: Session, ids: Sequence[str], done: str, *,
            records: bool = False, already: Collection[str] = ()) -> Checked:
    """Sort `ids` for a command that does `done` to them ("starred", "tagged"). Ids
    found nowhere (the Hub's 404, arXiv's too) fail, named together (`raise_unknown`).
    Without `records` (a mark needs no record) only the ids the library lacks are asked
    about (and kept in it), and those that could not be asked are acted on unchecked;
    with `records` (`star`), every record is looked up (library, a star's snapshot, the
    Hub, arXiv), and an id whose record could not be had fails too. Once the Hub has
    failed a request after its retries (a 500 for each, no answer), the ids after it
    are not asked (`Unreachable.after_retries`): they fail, or are unchecked, alike;
    an unknown id (the Hub's 404) leaves the next asked. Those `already` marked (a
    mark's no-op) are not asked either: a paper hidden or tagged offline, marked again
    with the Hub back, failed with "not on the Hub; arXiv did not answer" (exit 1)
    though the mark was there."""
    from papercli.errors import HubError, NotFoundError, OfflineMiss, Unreachable
    from papercli.library import get_papers

    if records:
        asked = list(ids)
    else:
        store = session.store()
        asked = [pid for pid in ids if pid not in already and store.get_paper(pid) is None]
    found: list[PaperResult] = []
    unknown: list[PapersError] = []
    missing: list[str] = []
    unreached: list[PapersError] = []
    unasked: list[str] = []
    # (a source out of reach for one id, or the Hub failing one after its retries, is
    # not asked for the rest; arXiv once for all)
    gone = Unreachable(after_retries=True)
    for pid, got in zip(asked, get_papers(session, asked, gone, keep=(
            NotFoundError, OfflineMiss, HubError)), strict=True):
        if isinstance(got, NotFoundError):
            unknown.append(got)
            missing.append(pid)
        elif isinstance(got, PapersError):
            unreached.append(got)
            unasked.append(pid)
        else:
            found.append(got)
    failures = [e for e in [unknown_error(unknown, missing)] if e is not None]
    if records and unreached:
        failures.append(_not_had(unreached, unasked, done))
    failed = {*missing, *(unasked if records else ())}
    return Checked([pid for pid in ids if pid not in failed], [r.paper for r in found],
                   [] if records else unasked, failures, found)


def _not_had(errors: Sequence[PapersError], ids: Sequence[str], done: str) -> PapersError:
    """The error for ids whose record could not be had (offline, the Hub out of reach),
    so they were not `done`: offline as `raise_unknown` says it ("not in the local
    library: … — run without --offline"), else what failed, the ids named as far as
    they fit 80 columns ("not starred: 2406.00042 (the Hub at 127.0.0.1:9 refused the
    connection) — check HF_ENDPOINT"; the Hub's error alone named no id)."""
    from papercli.errors import OfflineMiss, briefly
    from papercli.words import first_few, plural

    if all(isinstance(e, OfflineMiss) for e in errors) and (
            offline := unknown_error(errors, ids)) is not None:
        return offline
    cause = next(e for e in errors if not isinstance(e, OfflineMiss))
    if len(ids) == 1 and ids[0] in cause.message:  # (its own error names it: "the Hub
        return cause  # answered 2502.00001 with a record for …", as `show` says it)
    ways = briefly(cause)
    error = PapersError(f"not {done}: {listed(ids)} ({ways[0]})", hint=cause.hint)
    # (what to do kept before the ids named and the words of the cause: in its own few
    # words before none, "(the Hub answered HTTP 500) — try again later")
    hints = (cause.hint, *(hint for _, hint in cause.shorter if hint), None)
    error.shorter = [way for hint in dict.fromkeys(hints) for way in (
        *((f"not {done}: {first_few(ids, shown)} ({why})", hint)
          for shown in range(min(len(ids), 10), 0, -1) for why in ways),
        *((f"not {done}: {plural(len(ids), 'paper')} ({why})", hint) for why in ways))]
    return error


def check_known(session: Session, ids: Sequence[str]) -> list[str]:
    """`look_up` for a caller that acts on all or none (the MCP `note`, of one paper; the
    tools given several act on those they can have): an error naming the ids found
    nowhere; returns the ids that could not be checked (offline, or the Hub
    unreachable): the caller warns and goes on."""
    found = look_up(session, ids, "checked")
    if found.failures:
        raise found.failures[0]
    return found.unchecked


def unchecked_warning(unchecked: Sequence[str], done: str) -> str | None:
    """What `tag`, `note`, `read` and `hide` say alike of the ids `look_up` could not
    check (offline, or no answer from the Hub): they are not in the library yet, what
    was `done` to them is kept, and the command that brings one ("not in the library
    yet, tagged anyway: papers show ID": a --tag listing shows it once the library has
    it; `read` said "could not check ID on the Hub (offline); marked anyway", 81
    columns without an answer). Several are counted with the same next step, in 80
    columns ("2401.00011 and 7 more not in the library yet, tagged anyway" named one and
    said nothing to do); failing that, named as many as fit, the rest counted."""
    from papercli.errors import fitting
    from papercli.words import first_few, plural

    if not unchecked:
        return None
    after = f" not in the library yet, {done} anyway"
    if len(unchecked) == 1:
        return fitting(f"not in the library yet, {done} anyway: papers show {unchecked[0]}",
                       unchecked[0] + after)
    counted = plural(len(unchecked), "paper")
    return fitting(f"{counted}{after}: papers show ID",
                   f"{counted} not in the library, {done} anyway: papers show ID",
                   *(first_few(unchecked, shown) + after
                     for shown in range(min(len(unchecked), 10), 0, -1)),
                   counted + after)


def marks_of(session: Session, ids: Sequence[str] | None, *, hidden: bool = False,
             every_read: bool = False) -> dict[str, dict[str, object]]:
    """paper id -> {"starred_at", "read_at"} (and "hidden": True, with `hidden`) for those
    of `ids` you starred, read or hid: the fields `show` and every listing add to their
    JSON (absent when not marked), the ★ ✓ × of a table's rows. `ids` None: a streamed
    listing, whose stars alone are read (read marks can be many), unless `every_read`
    (what an export carries so that `papers import` gives them back: your own marks,
    few beside a library, with each star's "starred_order", its place in `papers
    starred`). No user database yet (`Session.has_userdb`): nothing, and none is
    created."""
    if not session.has_userdb():
        return {}
    from papercli.db.userdb import UserDB

    path = session.userdb_path
    wanted = None if ids is None else set(ids)
    out: dict[str, dict[str, object]] = {}
    with UserDB.open(path) as udb:
        for place, (pid, when) in enumerate(udb.star_times().items(), 1):
            if wanted is None or pid in wanted:
                out[pid] = ({"starred_at": when, "starred_order": place} if every_read
                            else {"starred_at": when})
        reads = (udb.read_marks(ids) if ids is not None
                 else udb.all_read() if every_read else {})
        for pid, when in reads.items():
            out.setdefault(pid, {})["read_at"] = when
        if hidden and wanted is not None:
            for pid in udb.hidden() & wanted:
                out.setdefault(pid, {})["hidden"] = True
    return out


def yours_or_warning(session: Session, ids: Sequence[str] | None, *, hidden: bool = False,
                     hidden_shown: bool = False
                     ) -> tuple[dict[str, dict[str, object]], str | None]:
    """Your tags and notes (`tags.yours`: every paper's) with the marks of `ids`
    (`marks_of`) merged in: everything `show` and the listings add to a paper. A
    database that cannot be read is the warning (`not_shown`; `hidden_shown`: the
    listing's hidden papers could not be read either), and what could be read is kept:
    your marks and tags are an addition to a command's output, never its failure."""
    from papercli import tags

    try:
        mine = tags.yours(session)
    except PapersError as exc:
        return {}, not_shown(exc, "your marks, tags and notes", hidden_shown)
    try:
        marks = marks_of(session, ids, hidden=hidden)
    except PapersError as exc:
        return mine, not_shown(exc, "your stars and read marks", hidden_shown)
    return {pid: {**marks.get(pid, {}), **mine.get(pid, {})} for pid in {*mine, *marks}}, None


def not_shown(exc: PapersError, what: str, hidden_shown: bool = False) -> str:
    """The one warning a listing or `show` gives for a user database it cannot read
    (damaged, or a folder where it belongs): why, that `what` of yours is not shown
    (and, `hidden_shown`, that hidden papers are), and what to do, in 80 columns where
    the error has a few words for it (its `gist`: "stars and notes not shown: user.db
    is a folder — move it aside"); else as it was said, whole. A folder there dropped
    every ★ without a word."""
    from papercli.errors import fitting

    body = (f"hidden papers are shown, and {what} are not" if hidden_shown
            else f"{what} are not shown")
    return fitting(*(f"{message}; {body} — {hint}"
                     for message, hint in [exc.line(), *exc.shorter] if hint),
                   *((f"hidden papers shown, stars and notes not: {exc.gist}",)
                     if exc.gist and hidden_shown else ()),
                   *((f"stars and notes not shown: {exc.gist}",
                      f"stars, notes not shown: {exc.gist}",
                      f"marks not shown: {exc.gist}") if exc.gist else ()),
                   f"{exc.message}; {body}")


def marked(udb: UserDB) -> set[str]:
    """Papers a ranking leaves out: already starred, read, or hidden."""
    return {s.paper.id for s in udb.stars()} | set(udb.all_read()) | udb.hidden()


def most_positives(session: Session) -> int:
    """At most how many positives the taste model could learn from: the starred, read
    and tagged papers you did not hide (read as `ranking._Marks` reads them, so a
    damaged record is noted alike), and one per watch. Below ranking.MIN_POSITIVES the
    model is never ready, so `show` need not load it or read the vocabulary (tens of
    milliseconds over a big library, seconds to fit when none is cached) to learn that
    it has no line to add. No user database yet: none, and none is created."""
    watches = len(session.config.watch_table)
    if not session.has_userdb():
        return watches
    with session.userdb() as udb:
        marked = ({s.paper.id for s in udb.stars()} | set(udb.all_read())
                  | set(udb.all_tags()))
        return len(marked - udb.hidden()) + watches
