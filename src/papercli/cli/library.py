"""import and cache: the local library itself."""

from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from papercli.cli._common import (
    COUNT,
    JsonFlag,
    NoPager,
    Offline,
    _first_fitting,
    command,
    elapsed_column,
    open_session,
    progress_bar,
)
from papercli.cli.completion import category_names, tag_names
from papercli.words import number, plural

if TYPE_CHECKING:
    from papercli.session import Session

# After an import or a sync that added papers to a large library: fit what the first
# `related` or `for-you` would (ranking.prepare), or leave it to that call.
NoPrepare = Annotated[bool, typer.Option(
    "--no-prepare",
    help="Do not fit the related-papers model now (seconds over a large library); the "
         "first related, for-you or MCP ranking call fits it instead.")]

app = typer.Typer()
cache_app = typer.Typer(help="Inspect or clear the local library of fetched papers.",
                        no_args_is_help=True)


@command(app, "import", example="papers import papers.json\n"
         "curl -s $HF_ENDPOINT/api/daily_papers | papers import -\n"
         "papers import arxiv-metadata-oai-snapshot.json --category 'cs.*'\n"
         "papers import zotero-export.json --tag from-zotero\n"
         "papers import refs.bib --offline\n"
         "papers import endnote-export.ris")
def import_(
    files: Annotated[list[str], typer.Argument(
        metavar="FILE...",
        help="Hub-shaped JSON files (daily-papers items or papers), papercli's own JSON or "
             "JSON Lines export, arXiv's metadata snapshot (JSON lines, may be gzipped), or "
             "a reference manager's BibTeX, CSL-JSON or RIS export; - is stdin.")],
    *,
    category: Annotated[list[str] | None, typer.Option(
        "--category", metavar="CAT", autocompletion=category_names,
        help="Only snapshot papers in this arXiv category or archive, or matching a "
             "pattern: cs.*, *.LG (repeatable: any of).")] = None,
    tag: Annotated[list[str] | None, typer.Option(
        "--tag", metavar="TAG", autocompletion=tag_names,
        help="BibTeX, CSL-JSON and RIS: also tag every imported paper TAG "
             "(repeatable).")] = None,
    offline: Offline = False,
    no_prepare: NoPrepare = False,
    as_json: JsonFlag = False,
) -> None:
    """Load Hub JSON, arXiv's snapshot, or BibTeX, CSL-JSON or RIS into the library.

    For air-gapped machines and tests: a list of daily-papers items or paper objects.
    Items without an id or title are skipped and counted (a file of nothing else is an
    error), as is a line of a JSON Lines file that is not JSON; a file that is not JSON
    changes nothing, and one cut part-way keeps the papers before the cut. Of several
    files, one that cannot be read gets an error line after the summary of the others,
    which are read all the same (exit status 1).
    arXiv's `arxiv-metadata-oai-snapshot.json` is recognised by its content and read a
    line at a time; bad lines are skipped and counted. After Ctrl-C, running the same
    command again continues after the last batch stored. Ctrl-C while the search index
    catches up at the end keeps every paper: the next search indexes them.

    papercli's own JSON or JSON Lines export comes back with every field it carries, and
    with your stars, read marks, hidden papers, tags and notes: tags are added, a star,
    read mark or note is restored where a paper has none (yours are never overwritten).

    A BibTeX, CSL-JSON or RIS file (Zotero, Better BibTeX, Mendeley, Paperpile, EndNote),
    whatever its name: entries with an arXiv id are starred and their keywords become
    tags; a paper the library lacks, or has from a file's fields alone, is fetched from
    the Hub (or arXiv); with --offline, or when that fails, one it lacks is stored from
    the file's own fields, and the same import run again fetches it. Entries without an
    arXiv id are counted and listed.
    Notes come back too (never over your own): BibTeX's `annote`, and the note of
    papercli's own CSL-JSON and RIS exports.

    When papers were added to a library of 2,000 or more that changed enough since
    `related` last learned from it, the model it ranks by is fitted at the end, under a
    status line on a terminal (seconds; --no-prepare leaves it to the first `related`).
    """
    import sys

    from papercli import arxiv_import, library, output
    from papercli.errors import NOTE_ROOM
    from papercli.tags import normalize_tags
    from papercli.terminal import fit_words

    patterns = arxiv_import.check_patterns(category or [])
    extra_tags = normalize_tags(tag or [])
    if files.count("-") > 1:  # the second read nothing: "standard input is empty"
        from papercli.errors import UsageError

        error = UsageError("- is given more than once: standard input can be read only once",
                           hint="give - once")
        # (in 80 columns: the whole made 92)
        error.shorter = [("- is given more than once", "standard input can be read only once")]
        raise error
    if "" in files:  # (Path("") is ".": it said ". is a directory")
        from papercli.errors import UsageError

        raise UsageError("FILE is an empty name", hint="give a path, or - for standard input")
    if "-" in files and (sys.stdin is None or sys.stdin.isatty()):
        # typed at a prompt, `papers import -` sat waiting for Ctrl-D with nothing shown
        # (closed, `<&-`, it said "which is a terminal" too)
        # (in 80 columns, as `-` among ids says it: they made 121 and 126)
        from papercli.cli._common import unpiped

        closed = sys.stdin is None
        raise unpiped("curl -s URL | papers import -", "- reads the file to import from "
                      f"standard input, which is {'closed' if closed else 'a terminal'}",
                      "standard input is closed" if closed else "- wants the file piped in")
    progress = _ImportProgress() if sys.stderr.isatty() else None
    with open_session(offline=offline) as session:
        if progress:  # what a fetch waits for, under the bar once it is drawn
            session.progress = progress.bar.status(session.progress)
        try:
            result = library.import_sources(session, files, categories=patterns,
                                            progress=progress, tags=extra_tags)
        finally:
            if progress:
                progress.stop()
        if result.interrupted:
            _failed(result.failed)
            _interrupted(result, piped="-" in files)
        if result.failed and not result.whole:  # as for one file: the errors alone (each
            _failed(result.failed)  # says what of its file is kept)
            raise typer.Exit(1)
        if result.skipped:  # (as a snapshot's bad lines: "and 2 more" after three)
            output.warn(_reasons_said(f"skipped {plural(result.skipped, 'unusable item')}",
                                      result.skipped, result.reasons[:3], "--json says why"))
        if result.bad_fields:  # (a paper a line, as the entries without an id: one line
            # of three made 152 columns)
            output.warn(f"imported {plural(result.bad_fields, 'paper')} without fields of "
                        "the wrong type or shape:")
            for reason in result.bad_reasons[:3]:  # (cut to 80 columns: --json has them)
                output.note(fit_words(f"- {reason}", NOTE_ROOM))
            if result.bad_fields > 3:
                output.note(f"… and {number(result.bad_fields - 3)} more")
        for snap in result.snapshots:
            if snap.bad:  # (as many as fit 80 columns, where three made 135 and more;
                # the count of the rest: "skipped 4 bad lines" named 3)
                output.warn(_reasons_said(
                    f"{_file_name(snap.name)}: skipped {plural(snap.bad, 'bad line')}",
                    snap.bad, snap.reasons[:3], "--json says why"))
        if not as_json:
            for refs in result.references:
                _references_summary(refs)
            _fetch_later([refs.name for refs in result.references if refs.fetch_error],
                         sum(refs.fetch_failed for refs in result.references
                             if refs.fetch_error))
        if extra_tags and result.hub_files + len(result.snapshots):
            # (that --tag tags those of BibTeX, CSL-JSON and RIS files made 127 columns)
            output.warn("--tag tags BibTeX, CSL-JSON and RIS papers only, not JSON's")
        if patterns and result.hub_files + len(result.references):
            # (a Hub JSON or BibTeX file was imported whole without a word, as if its
            # papers had been picked by their categories)
            output.warn("--category is for snapshots: other files were imported whole")
        if as_json:
            data: dict[str, Any] = {"files": result.files, **result.totals()}
            if result.reasons:  # (the first 20: a warning has room for one or none)
                data["skipped_reasons"] = result.reasons
            if result.bad_fields:
                data["papers_with_bad_fields"] = result.bad_fields
                data["bad_fields"] = result.bad_reasons  # ("ID: field, field", first 20)
            if result.restored is not None:
                data["restored"] = result.restored.as_dict()
            if result.references:
                data["references"] = [refs.as_dict() for refs in result.references]
            if result.snapshots:
                data["snapshots"] = [
                    {"file": s.name, "read": s.read, "added": s.added, "updated": s.updated,
                     "unchanged": s.unchanged, "repeated": s.repeated, "bad_lines": s.bad,
                     "not_in_categories": s.not_matching, "resumed_after_line": s.resumed_at,
                     **({"bad_line_reasons": s.reasons} if s.reasons else {})}  # (first 20)
                    for s in result.snapshots]
            if result.failed:
                data["failed"] = [{"file": name, "error": error.message}
                                  for name, error in result.failed]
            output.emit_json(data)
        else:
            for snap in result.snapshots:
                _snapshot_summary(snap, bool(patterns))
            if result.hub_files or not (result.snapshots or result.references):
                _summary(*_hub_summary(
                    'standard input' if files == ['-'] else plural(result.hub_files, 'file'),
                    result.added, result.updated, result.unchanged, result.skipped,
                    result.repeated), _restored_summary(result.restored))
            if result.restored is not None:  # (after the summary, as a BibTeX file's)
                _restored_notes(result.restored)
        prepare_ranking(session, result.totals()["added"], skip=no_prepare, what="the import")
    if result.failed:  # after what the others gave, as `cp` says each path it could not copy
        _failed(result.failed)
        raise typer.Exit(1)


def _failed(failed: list[tuple[str, Any]]) -> None:
    """One error line for each file that could not be imported (or not to its end)."""
    from papercli.cli.failures import report

    for _name, error in failed:
        report(error)


def _interrupted(result: Any, *, piped: bool = False) -> NoReturn:
    """The one line Ctrl-C ends an import with, "interrupted" (exit 130), or SIGTERM,
    "terminated" (143) as every command says it: how many papers it kept (every batch
    stored so far; a snapshot's part-read one too; a reference file's batches starred
    and tagged) and how to go on, in 80 columns below a million papers. Run again, a
    snapshot file continues after its last batch and other files' stored papers are
    read again but left unchanged (a reference file's, already starred, not fetched
    again): the rest comes in. Cut while the search index caught up at the end, every
    paper is in already (the index is left as it was, and the next search catches it up
    from the library's queue of changes): "run the same command to resume" sent the user
    to read the whole file again for nothing. Read from a pipe (`piped`: `-` among the
    files), the same command reads what is piped to it again: "pipe it in again"."""
    from papercli import output
    from papercli.cli.failures import stopped

    if result.indexing:
        hint = (f"{'all ' if result.stored > 1 else ''}{plural(result.stored, 'paper')} "
                "kept; the next search indexes them")
    else:
        again = "pipe it in again" if piped else "run the same command"
        hint = f"{plural(result.stored, 'paper')} kept; {again} to resume"
    word, code = stopped(result.interruption)
    output.error(word, hint)
    raise typer.Exit(code)


PREPARING = "preparing related papers (--no-prepare leaves it to the first related)"


def prepare_ranking(session: "Session", added: int, *, skip: bool, what: str) -> None:
    """After `added` papers came in: fit what the first `related` or `for-you` would
    (`ranking.prepare`: nothing for a small library or fresh caches) while the user
    still waits on the import or sync, under the status line on a terminal. Elsewhere
    (a cron job's log) one note says the wait before it starts: a sync went silent for
    76 s after its summary. Ctrl-C stops only this step, and the line that says
    "interrupted" says what was kept."""
    if skip or not added:
        return
    from papercli import output, ranking

    store = session.store()
    if not ranking.would_prepare(store):  # fresh caches, or a small library: no wait
        return
    hook = store.progress
    if hook is None:
        output.note(PREPARING)

    def say(message: str | None) -> None:
        if hook is not None:
            hook(None if message is None else f"preparing related papers: {message}")

    store.progress = say if hook is not None else None
    try:
        ranking.prepare(store)
    except KeyboardInterrupt as exc:
        exc.add_note(f"{what} is done; related prepares on first use")  # (80 columns)
        raise
    finally:
        store.progress = hook


CLAUSES = "; "  # where a summary too wide for the terminal is broken (as `papers sync`'s)


def _hub_summary(source: str, added: int, updated: int, unchanged: int, skipped: int,
                 repeated: int = 0) -> tuple[str, list[str]]:
    """"read 25 papers from 2 files" and ["19 new", "1 updated", "5 unchanged"] (as
    `_summary` takes them): the Hub JSON files' part of an import. What was read, not
    what was written, leads: importing the same file again said "imported 0 papers …
    9,881 unchanged". Items naming a paper named just before in the same file are
    "repeated in the file": a first import said "4 unchanged" of a library that had
    nothing. Counts of none are left out, as `papers sync` leaves them out: "9,877 new,
    0 updated, 0 unchanged, 4 repeated in the file, 0 skipped" was 106 columns, mostly
    zeros."""
    where = "the file" if source in ("standard input", "1 file") else "their file"
    parts = _counted((added, "new"), (updated, "updated"), (unchanged, "unchanged"),
                     (repeated, f"repeated in {where}"), (skipped, "skipped"))
    total = added + updated + unchanged + repeated + skipped
    return f"read {plural(total, 'paper')} from {source}", parts


def _counted(*counts: tuple[int, str]) -> list[str]:
    """["3 new", "1 unchanged"]: the (count, what) pairs whose count is not 0."""
    return [f"{number(n)} {what}" for n, what in counts if n]


def _summary(head: str, counts: list[str], marks: list[str], joint: str = CLAUSES) -> None:
    """An import's summary: what was read (`head`) and how it went (`counts`, after a
    colon: "30 new", "1 updated"), then what came back of your marks, tags and notes
    (`marks`, each "N stars restored (M already there)"), on one line where it fits 80
    columns, terminal or not; else the marks on a line of their own (as many as a line
    holds: a CSL-JSON file's summary made 144 columns piped), and the counts too where
    they do not fit beside the head (every kind of count made 111 to 188). `joint`
    joins the marks on one line ("; ", or " " after a file's name and its colon alone)."""
    from papercli import output
    from papercli.errors import NOTE_ROOM
    from papercli.terminal import cell_width

    said = head + (f": {', '.join(counts)}" if counts else "")
    whole = said + (joint + ", ".join(marks) if marks else "")
    if cell_width(whole) <= NOTE_ROOM or not (marks or counts):
        output.note(whole, clauses=CLAUSES)
        return
    lines = ([said] if cell_width(said) <= NOTE_ROOM or not counts
             else [f"{head}:", *output.packed(counts)])
    for line in lines + (output.packed(marks) if marks else []):
        output.note(line, clauses=", ")


def _marks_said(done: int, same: int, what: str, verb: str, *, always: bool = False
                ) -> list[str]:
    """"12 stars restored (2 already there)", "2 stars already there" (none `verb`: a
    count of none left out, as the summaries leave them out), or nothing for none at all
    (`always`: "0 stars added"). The one wording of every import's marks: a CSL-JSON
    file said "31 papers were starred already" where papercli's JSON said "0 stars
    restored (31 already there)"."""
    if done or (always and not same):
        return [f"{plural(done, what)} {verb}" + (f" ({number(same)} already there)"
                                                   if same else "")]
    return [f"{plural(same, what)} already there"] if same else []


def _restored_summary(restored: Any) -> list[str]:
    """["12 stars restored (2 already there)", "5 read marks restored", "3 tags added",
    "1 note already there", "1 note not restored"]: what papercli's own export gave back
    of your marks, tags and notes (none when it gave back none; what it gave back none
    of is not named: "0 tags added, 0 notes restored" told nothing)."""
    if restored is None:
        return []
    said = [clause for done, same, what in (
        (restored.stars, restored.stars_same, "star"),
        (restored.read, restored.read_same, "read mark"),
        (restored.hidden, restored.hidden_same, "hidden paper"))
        for clause in _marks_said(done, same, what, "restored")]
    if restored.tagged:
        said.append(f"{plural(restored.tagged, 'tag')} added")
    return said + _notes_summary(restored)


def _notes_summary(counts: Any) -> list[str]:
    """["2 notes restored (1 already there)", "1 note not restored"] (NoteCounts; none
    for none of them)."""
    said = _marks_said(counts.notes, counts.notes_same, "note", "restored")
    if counts.notes_kept:
        said.append(f"{plural(counts.notes_kept, 'note')} not restored")
    return said


def _restored_notes(restored: Any) -> None:
    """Why a file's note was not restored (the paper has its own: never overwritten),
    and the tags in the file that cannot be tags, on stderr."""
    from papercli import output

    _kept_notes(restored)
    if restored.skipped_keywords:
        output.warn(f"skipped {plural(restored.skipped_keywords, 'tag')} that cannot be a tag")
    if restored.cut_keywords:  # (longer than `papers tag` takes: cut with no word)
        from papercli.db.records import TAG_MAX_LENGTH

        output.warn(f"cut {plural(restored.cut_keywords, 'tag')} to {TAG_MAX_LENGTH} "
                    "characters")


def _kept_notes(counts: Any) -> None:
    """The papers whose own note was kept over a different one in the file, on stderr."""
    from papercli import output
    from papercli.errors import NOTE_ROOM, fitting
    from papercli.sanitize import clean_line

    if counts.notes_kept:
        # Each paper once: a file imported twice (or naming a paper twice) kept one note.
        # In 80 columns, as many ids as fit (one id made it 86): --json names them.
        named = [clean_line(i, 40) for i in counts.kept_ids[:5]]

        def kept(shown: int) -> str:
            more = len(counts.kept_papers) - shown
            return (f"kept your own note on {', '.join(named[:shown])}"
                    + (f" and {number(more)} more" if more else ""))

        shown = range(len(named), 0, -1)
        papers = len(counts.kept_papers)
        output.note(fitting(*(f"{kept(n)}: the file's note differs and was not restored"
                              for n in shown),
                            *(f"{kept(n)}: the file's differs (not restored)" for n in shown),
                            f"kept your own notes on {number(papers)} papers: the file's "
                            "differ (not restored)" if papers > 1 else kept(1),
                            room=NOTE_ROOM))


def _references_summary(refs: Any) -> None:
    """What a BibTeX, CSL-JSON or RIS import did, on stderr: the stars, where the records came
    from, the entries left out (by title), the malformed ones and the keywords changed."""
    import re

    from papercli import output
    from papercli.errors import NOTE_ROOM, debugging, fitting
    from papercli.sanitize import clean_line
    from papercli.terminal import fit_words

    name = _file_name(refs.name)
    kind = {"bibtex": "BibTeX", "ris": "RIS"}.get(refs.kind, "CSL-JSON")
    where = []
    if refs.in_library:
        where.append(f"{number(refs.in_library)} already in the library")
    if refs.fetched:
        where.append(f"{number(refs.fetched)} fetched")
    if refs.updated:  # (the library had them from a file's fields alone)
        where.append(f"{number(refs.updated)} updated")
    if refs.from_file:
        where.append(f"{number(refs.from_file)} from the file's fields")
    if refs.repeated:  # (as a Hub JSON file's: the entries add up to those read)
        where.append(f"{number(refs.repeated)} repeated in the file")
    # Said as papercli's own JSON says its marks (`_marks_said`), counts of none left
    # out but the stars' ("FILE (BibTeX): " alone said nothing): a file imported again
    # read "starred 3 papers", as if it had; each was starred already.
    marks = _marks_said(refs.newly_starred, refs.papers - refs.newly_starred, "star",
                        "added", always=True)
    if refs.tagged:
        marks.append(f"{plural(refs.tagged, 'tag')} added")
    marks += _notes_summary(refs)  # (papercli's own export's notes)
    head = f"{name} ({kind})"
    _summary(head if where else f"{head}:", where, marks, CLAUSES if where else " ")
    _kept_notes(refs)
    if refs.encoding != "utf-8":  # (in 80 columns where the name allows: it made 89-101)
        read_as = f"{name} is not UTF-8: read as Windows-1252"
        output.warn(fitting(f"{read_as} (Western European, Latin-1)", f"{read_as} (Latin-1)",
                            read_as))
    if refs.fetch_error:
        # In 80 columns where the words allow (the summary above says how many came from
        # the file's fields): a 429 with its retries, and why some were not asked, made
        # 151 to 179. PAPERS_DEBUG: all of it, with the URL (`errors.briefly`).
        unasked = (f"; {refs.not_asked_of} was not asked about {number(refs.not_asked)} of "
                   "them, being out of reach" if refs.not_asked else "")
        failed = f"could not fetch {plural(refs.fetch_failed, 'paper')}"
        stored = f"{'it was' if refs.fetch_failed == 1 else 'those were'} stored from the " \
                 "file's fields"
        said = [clean_line(way, 200) for way in refs.fetch_error]
        ways = [f"{failed} ({said[0]}{unasked}); {stored}"]
        if not debugging():
            # A rate limit in words before its status ("the Hub is rate limiting us", not
            # "the Hub answered 429", which a bigger count left), then the source's
            # failure alone, the count of those not asked kept: "…: not on the Hub; arXiv
            # answered 429 (350 not asked)" made 94 columns.
            said = list(dict.fromkeys([*said[:1], *(re.sub(r" \(HTTP \d{3}\)$", "", way)
                                                    for way in said), *said[1:]]))
            count = f" ({number(refs.not_asked)} not asked)" if refs.not_asked else ""
            ways += [*(f"{failed} ({way}{unasked}); {stored}" for way in said),
                     *(f"{failed}: {way}{count}" for way in said),
                     *(f"{failed}: {way.rpartition('; ')[2]}{count}" for way in said)]
        output.warn(_first_fitting(*((way, None) for way in ways))[0])
    if refs.without_id:
        output.note(f"{plural(refs.without_id, 'entry', 'entries')} without an arXiv id "
                    "(not imported):")
        for title in refs.titles[:20]:  # (cut to 80 columns: --json has them whole)
            output.note(fit_words(f"- {clean_line(title, 150)}", NOTE_ROOM))
        if refs.without_id > 20:  # (--json keeps the first 1,000: "lists them" of
            # 50,000 sent a user to look for titles it does not hold)
            listed = ("them" if len(refs.titles) >= refs.without_id
                      else f"the first {number(len(refs.titles))}")
            output.note(f"… and {number(refs.without_id - 20)} more (--json lists {listed})")
    if refs.bad:
        output.warn(_reasons_said(
            f"skipped {plural(refs.bad, 'malformed entry', 'malformed entries')}", refs.bad,
            [clean_line(r, 160) for r in refs.reasons[:3]], "--json says why"))
    if refs.slugged_count:
        output.note(_keywords_said(refs.slugged_count,
                                   [(clean_line(k, 60), t) for k, t in refs.slugged[:3]]))
    if refs.cut_keywords:  # (of those made into tags: a long one was cut with no word)
        from papercli.db.records import TAG_MAX_LENGTH

        output.note(f"{plural(refs.cut_keywords, 'keyword')} cut to {TAG_MAX_LENGTH} "
                    "characters as a tag")
    if refs.skipped_keywords:  # (a line of its own: beside the above, neither fit)
        output.note(f"{plural(refs.skipped_keywords, 'keyword')} that cannot be a tag "
                    "skipped")


def _fetch_later(names: list[str], papers: int = 2) -> None:
    """After the warnings of reference files whose papers could not all be fetched (the
    Hub rate limiting us, out of reach): the command that fetches them, the same import,
    which fetches the papers the library has from a file's fields alone. "could not fetch
    250 papers: the Hub answered 429" said nothing to do, and a re-run said "250 already
    in the library" and fetched none. Read from standard input, or under a name a shell
    cannot be given as it is shown, said in words. One paper is "it" ("could not fetch 1
    paper" read "to fetch them later")."""
    import shlex

    from papercli import output
    from papercli.sanitize import clean_line

    if not names:
        return
    words = [shlex.quote(name) for name in names]
    them = "it" if papers == 1 else "them"
    if "standard input" in names or any(clean_line(w, 4096) != w for w in words):
        # (of several, "the same file" left the user to guess which)
        files = "files" if len(names) > 1 else "file"
        output.note(f"import the same {files} again later to fetch {them}")
        return
    output.command_note(f"to fetch {them} later", " ".join(["papers", "import", *words]))


def _reasons_said(head: str, count: int, reasons: list[str], why: str = "") -> str:
    """"HEAD (where: why; where: why; and 3 more)", a warning in 80 columns: as many of
    the `count` things' reasons ("line 9: why", "item 2: why") as fit, else (with no
    `why`) the first cut short, else where they are ("line 9, line 15", then `why`:
    "--json says why"), else HEAD. Three reasons, or one long one, made 96 to 300
    columns piped."""
    import re

    from papercli.errors import WARNING_ROOM, fitting
    from papercli.terminal import cell_width, fit_words

    def more(shown: int, joint: str = "; ") -> str:
        return f"{joint}and {number(count - shown)} more" if count > shown else ""

    wheres = [reason.partition(": ")[0] for reason in reasons]
    # (then without their last parenthesis: "item 2: bad id '2608.1988'" says what is
    # wrong where "(ids since 2015 have five digits after the dot)" would not fit)
    bare = [re.sub(r" \([^()]*\)$", "", reason) for reason in reasons]
    # (cut short only where nothing else says why: a cut "not closed before…" read worse
    # than "line 9; --json says why")
    room = WARNING_ROOM - cell_width(f"{head} (){more(1)}")
    cut = ([f"{head} ({fit_words(reasons[0], room)}{more(1)})"]
           if reasons and room > 30 and not why else [])
    return fitting(*(f"{head} ({'; '.join(reasons[:n])}{more(n)})"
                     for n in range(len(reasons), 0, -1)),
                   *(f"{head} ({'; '.join(bare[:n])}{more(n)})"
                     for n in range(len(bare), 0, -1) if bare != reasons), *cut,
                   *(f"{head} ({', '.join(wheres[:n])}{more(n, ', ')}"
                     f"{'; ' + why if why else ''})" for n in range(len(wheres), 0, -1)),
                   *([f"{head} ({why})"] if why else []), head)


def _keywords_said(slugged: int, named: list[tuple[str, str]]) -> str:
    """"3 keywords made into tags ('Deep RL' → deep-rl, …)" in 80 columns: as many
    keywords named as fit, else their tags alone, else the count (`papers tags` lists
    them). Zotero's own keywords ("Computer Science - Machine Learning") made 114 to 183
    columns piped."""
    from papercli.errors import NOTE_ROOM, fitting

    def said(shown: list[str]) -> str:
        # ("4 keywords" and three named read as all: the list ends with "…")
        listed = ", ".join(shown) + (", …" if len(shown) < slugged else "")
        return (f"{plural(slugged, 'keyword')} made into {'a tag' if slugged == 1 else 'tags'}"
                + (f" ({listed})" if shown else ""))

    counts = range(len(named), 0, -1)
    return fitting(*(said([f"{k!r} → {t}" for k, t in named[:n]]) for n in counts),
                   *(said([t for _, t in named[:n]]) for n in counts), said([]),
                   room=NOTE_ROOM)


def _file_name(name: str) -> str:
    """A file as an import's summaries and warnings name it: its name without the folders
    (a snapshot's full path made the bad-lines warning differ from the line after it),
    with no control characters (a name is data)."""
    from pathlib import PurePath

    from papercli.sanitize import clean_line

    return clean_line(PurePath(name).name, 120)


def _snapshot_summary(snap: Any, filtered: bool) -> None:
    """"read 100,000 lines from FILE: 1,200 new, 34 updated, 5 unchanged, skipped 3 bad
    lines, 98,758 not in the chosen categories" (resumed runs say from where): the parts
    add up to what was read, so a second import of the same file reads right. Counts of
    none are left out (as `_hub_summary`). In fewer words where that fits 80 columns
    piped ("2 bad", the warning above says why): Kaggle's file name made 86 to 110.
    Where none fits (every kind of line counted made 188), the counts go on lines of
    their own after what was read, in whole words, as `_summary` says a Hub file's."""
    from papercli import output
    from papercli.errors import NOTE_ROOM, fitting
    from papercli.terminal import cell_width

    def parts(bad: str, outside: str) -> list[str]:
        said = _counted((snap.added, "new"), (snap.updated, "updated"),
                        (snap.unchanged, "unchanged"),
                        (snap.repeated, "repeated in the file"))  # (not "unchanged" either)
        if snap.bad:
            said.append(bad.format(number(snap.bad), plural(snap.bad, "bad line")))
        if filtered and snap.not_matching:
            said.append(f"{number(snap.not_matching)} {outside}")
        return said

    def said(bad: str, outside: str) -> str:
        counts = parts(bad, outside)
        return head + (f": {', '.join(counts)}" if counts else "") + resumed

    name = _file_name(snap.name)
    head = f"read {plural(snap.read, 'line')} from {name}"
    resumed = f" (resumed after line {number(snap.resumed_at)})" if snap.resumed_at else ""
    whole = said("skipped {1}", "not in the chosen categories")
    one = fitting(whole, said("{1}", "not in the chosen categories"),
                  said("{1}", "in other categories"), said("{0} bad", "in other categories"),
                  whole, room=NOTE_ROOM)
    counts = parts("skipped {1}", "not in the chosen categories")
    if cell_width(one) <= NOTE_ROOM or not counts:
        output.note(one, clauses=CLAUSES)
        return
    _summary(head + resumed, counts, [])


class _ImportProgress:
    """A Rich progress bar by bytes on stderr (only used when stderr is a terminal), naming
    the file being read: with several, the bar starts again at each one."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, DownloadColumn, TextColumn

        # (a frame filling a narrow terminal's last column: see progress_bar)
        name, elapsed = TextColumn("{task.fields[file]}", markup=False), elapsed_column()
        self.bar = progress_bar(TextColumn("importing"), name, BarColumn(), DownloadColumn(),
                                elapsed, optional=(name, elapsed))
        self.task: Any = None

    def __call__(self, name: str, done: int, total: int | None) -> None:
        from pathlib import PurePath

        from papercli.sanitize import clean_line

        shown = clean_line(PurePath(name).name, 40)  # a name is data: no controls
        if self.task is None:
            self.task = self.bar.add_task("import", total=total, file=shown)
            self.bar.start()
        self.bar.update(self.task, completed=done, total=total, file=shown)

    def stop(self) -> None:
        if self.task is not None:
            self.bar.stop()


# The listings `cache info` shows without -n (the cut names -n 0 only then, as a listing's).
LISTINGS_SHOWN = 40


@command(cache_app, "info",
         example="papers cache info\npapers cache info --json\npapers cache info --check")
def cache_info(
    *,
    check: Annotated[bool, typer.Option(
        "--check", help="Also read every record of the library and of your user database "
        "and list the damaged ones (a full pass: about 25 s for a million papers).")] = False,
    limit: Annotated[int, typer.Option(
        "--limit", "-n", metavar="N", click_type=COUNT, show_default=False,
        help=f"Show the N newest listings (0: all; default {LISTINGS_SHOWN}; --json always "
             "has all).")] = LISTINGS_SHOWN,
    as_json: JsonFlag = False,
    no_pager: NoPager = False,
) -> None:
    """Where the library is, how big, and which listings it holds.

    --check reads every record too and says how many are damaged, and which (JSON:
    "damaged", with the first few of each file): a pass over the whole library, like
    `git fsck` beside `git count-objects`, so the plain command stays instant at any size.
    """
    from papercli import library, output
    from papercli.db import records

    with open_session(offline=True) as session:
        info = library.cache_info(session)
        if check:
            info["damaged"] = _damaged(session)
    if check:
        records.begin()  # listed here in full: no second word about them at the end
    if as_json:
        output.emit_json(info)
        return
    output.print_cache_info(_for_people(info), limit=limit, pager=not no_pager,
                            hint=limit == LISTINGS_SHOWN)
    for where, tables in info["set_aside"].items():  # (kept, under no id a command takes)
        what = "paper" if where == "library.db" else "mark"
        output.write_stdout(f"Set aside  {plural(sum(tables.values()), what)} under ids that "
                            f"name no paper ({where}, set_aside_*)\n")
    if check:
        _print_damaged(info["damaged"])


def _for_people(info: dict[str, Any]) -> dict[str, Any]:
    """`cache info` as the table shows it: counts thousands-separated, the source said in
    words ("Hub", "import", "from week:…"), and no fetch time where there is none."""
    from papercli.words import number

    def source(value: str) -> str:
        return {"hub": "Hub", "arxiv": "arXiv", "import": "import"}.get(value, f"from {value}")

    def fetched(entry: dict[str, Any]) -> str:
        if entry["fetched_at"]:
            return str(entry["fetched_at"])
        return "imported" if entry["source"] == "import" else "unknown"

    return {**info, "papers": number(info["papers"]), "listings": number(info["listings"]),
            "entries": [{**e, "count": number(e["count"]), "fetched_at": fetched(e),
                         "source": source(e["source"])} for e in info["entries"]]}


def _damaged(session: "Session") -> dict[str, Any]:
    """file name -> {"count", "records"} for the library and, when there is one, the user
    database (one that cannot be opened is left to the commands that use it)."""
    from papercli.errors import PapersError

    found = {"library.db": session.store().damaged().as_dict()}
    if session.has_userdb():
        try:
            with session.userdb() as udb:
                found["user.db"] = udb.damaged().as_dict()
        except PapersError:
            pass
    return found


def _print_damaged(damaged: dict[str, Any]) -> None:
    """One line per file with damaged records, then the first few, made safe to print."""
    from papercli import output
    from papercli.sanitize import clean_line

    for where, found in damaged.items():
        if not found["count"]:
            continue
        output.write_stdout(f"Damaged  {plural(found['count'], 'record')} in {where} "
                            "(left out or shown without their bad fields)\n")
        for record in found["records"][:10]:
            what = ("left out, bad " if record["skipped"] else "") + ", ".join(record["fields"])
            output.write_stdout(
                f"  {record['table']} {clean_line(record['key'], 60)}: {what}\n")
    if any(found["count"] for found in damaged.values()):
        output.write_stdout("Repair: papers cache clear, then papers sync, replaces the "
                            "library; starring a paper again rewrites its star\n")
    else:  # --check asked: say that it looked
        output.write_stdout(f"Damaged  none (every record of {' and '.join(damaged)} "
                            "checked)\n")


@command(cache_app, "clear", example="papers cache clear --yes")
def cache_clear(
    *,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete every fetched paper and listing (stars, read marks, tags and notes are kept)."""
    import sys

    from papercli import library, output

    def question() -> str:
        """How much goes, and what stays: "Delete every cached paper and listing?" left
        the user to guess both. A library too damaged to count is asked about as before
        (clearing is its repair)."""
        from papercli.db.connection import damaged

        try:
            info = library.cache_info(session)
        except Exception as exc:
            if not damaged(exc):
                raise
            return "Delete every cached paper and listing?"
        # (the whole of it made 100 columns, wrapped mid-word at 80: "and not|es are
        # kept"; each shorter way as a terminal of the stream it is asked on allows)
        from papercli.terminal import cell_width, width

        what = (f"{plural(info['papers'], 'cached paper')} and "
                f"{plural(info['listings'], 'listing')}")
        ways = [f"Delete the {what} (stars, read marks, tags and notes are kept)?",
                f"Delete {what} (stars, tags, notes stay)?",
                f"Delete {what} (your marks stay)?", f"Delete {what}?"]
        room = (width(sys.stderr) or 80) - len(" [y/N] ") - 1  # (and the cursor)
        return next((way for way in ways if cell_width(way) <= room), ways[-1])

    def confirm() -> None:
        """Asked only when there is a library to clear."""
        if yes:
            return
        from papercli import terminal

        if not terminal.is_terminal(sys.stdin):  # (closed, `<&-`: AttributeError)
            from papercli.errors import UsageError

            # (in 80 columns: "refusing to clear the library without --yes: standard
            # input is not a terminal to ask on — papers cache clear --yes …" made 146)
            raise UsageError("no terminal to ask on", hint="add --yes to clear the library")
        # On the terminal, not stdout: `papers cache clear > log` still shows the question.
        if not terminal.ask(question(), default=False):
            from papercli.errors import PapersError

            raise PapersError("not cleared: you answered no")

    with open_session(offline=True) as session:
        cleared = library.clear_cache(session, confirm)
    if not cleared.existed:
        from papercli.errors import NOTE_ROOM, fitting
        from papercli.paths import tilde

        # (the whole path made 85 columns with a usual home: by ~, else unnamed)
        said = "nothing to clear: there is no library yet"
        output.note(fitting(*(f"{said} ({where})" for where in
                              (session.library_path, tilde(session.library_path))),
                            said, room=NOTE_ROOM))
        return
    if cleared.moved_aside is not None:
        output.note(f"cleared the library: it was damaged, so it was moved to "
                    f"{cleared.moved_aside} and a new one started")
        return
    output.note(f"cleared the library: {plural(cleared.papers or 0, 'paper')}, "
                f"{plural(cleared.listings or 0, 'listing')} removed")
