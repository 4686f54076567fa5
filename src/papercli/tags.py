"""Tags: short labels a person puts on papers (`papers tag`, `--tag`).

A tag is data typed by a person or read from an imported file, so it is checked where it
enters: letters, digits and `-`, `_`, `/`, `.` only, at least one letter or digit, not
`-` first, case-folded, at most MAX_LENGTH characters. That keeps a tag safe everywhere it
goes later (a table cell, a feed category, a file's front matter, a shell completion, a
command line that takes it off again) without escaping it at each place. A tag stored
before a rule held is still listed, and named as listed (`stored`) to take it off."""

from __future__ import annotations

import unicodedata
from collections.abc import Container, Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from papercli.db.records import TAG_MAX_LENGTH as MAX_LENGTH
from papercli.db.records import is_tag_text
from papercli.errors import UsageError, quoting_shorter
from papercli.sanitize import quoted


class _Yours(Protocol):
    """What `yours` reads of a session (`session.Session`, which imports this module:
    named by what it offers, not imported back)."""

    userdb_path: Path

    def has_userdb(self) -> bool: ...


SHOWN = 80  # characters of a bad tag an error quotes
RULE = "a tag is letters, digits, '-', '_', '/' or '.'"  # what a hint says a tag is
SHORT_RULE = "use letters, digits and - _ / . only"  # the same, for a line kept to 80
STRAY = "#,;:"  # what a tag is typed with at its ends, from a notes app or a list


def folded_tag(text: str) -> str:
    """A tag as typed, NFKC, case-folded and trimmed: before its slashes are tidied
    (`normalize_tag`), as a tag stored before that rule is named. NFKC, as Python reads
    identifiers: `ｍｌ` typed with an input method's full-width letters is `ml` (it was a
    second tag that looked the same, and that `--tag ml` missed), `²` is `2`."""
    once = unicodedata.normalize("NFKC", text.strip()).casefold()
    return unicodedata.normalize("NFKC", once)


def stored_forms(text: str) -> list[str]:
    """The forms a tag typed as `text` may have been stored in by an older rule than
    `folded_tag`'s (NFC and case-folded only: `ｍｌ` kept as typed), so that `tags
    --rename` and `--delete` can still name such a tag."""
    return [unicodedata.normalize("NFC", text.strip()).casefold(), folded_tag(text)]


def normalize_tag(text: str) -> str:
    """The canonical form of a tag (NFKC, case-folded, trimmed), or UsageError saying what
    is wrong with it."""
    tag = folded_tag(text)
    if not tag:
        error = UsageError("a tag cannot be empty", hint=RULE)
        error.shorter = [(error.message, SHORT_RULE)]  # (the whole line made 86 columns)
        raise error
    if is_tag_text(tag) and has_letter(tag):
        # `ml/`, `/ml` and `ml//x` are `ml`, `ml` and `ml/x`, as `--tag ml/` reads `ml`:
        # kept as typed they were three more tags, listed apart, that `--tag ml` missed
        tag = canonical(tag)
    if len(tag) > MAX_LENGTH:
        error = UsageError(f"the tag {quoted(tag, MAX_LENGTH)} is longer than {MAX_LENGTH} "
                           "characters", hint="use a shorter label")
        # (the whole quoted tag made the one error line 140 columns)
        error.shorter = [(f"the tag {quoted(tag, 16)} has {len(tag)} characters",
                          f"at most {MAX_LENGTH}")]
        raise error
    if is_tag_text(tag) and has_letter(tag) and tag.startswith("-"):
        # (`-x` reads as an option to every command that would take it off again, `tags
        # -d -- -x` included, and as a heading's `#-x` in Markdown)
        bare = canonical(tag.lstrip("-"))
        rule = "a tag cannot start with '-'"
        meant = is_tag_text(bare) and has_letter(bare) and not bare.startswith("-")
        error = UsageError(f"{quoted(text, SHOWN)} is not a tag",
                           hint=f"{rule}: did you mean {bare}?" if meant else rule)
        error.shorter = [  # (in 80 columns, the tag meant kept before the rule)
            *([(error.message, f"did you mean {bare}?")] if meant else []),
            *quoting_shorter(lambda shown: f"{shown} is not a tag", text, rule)]
        raise error
    if not is_tag_text(tag) or not has_letter(tag):
        error = UsageError(f"{quoted(text, SHOWN)} is not a tag", hint=_bad_tag_hint(tag))
        words = tag.split()
        if len(words) > 1 and "," not in tag and all(is_tag_text(w) for w in words):
            # ("— no spaces: x-y (or give x and y as separate tags)" made 85 columns;
            # "'computer vision' is not a tag — no spaces: computer-vision, or give 2
            # tags", 90)
            joined = "-".join(words)
            error.shorter = [(error.message, f"no spaces: {joined}, or give {len(words)} tags"),
                             (error.message, f"no spaces: {joined}"),
                             (error.message, "join the words with -"),
                             (f"{quoted(text, 20)} is not a tag", "join the words with -")]
        elif error.hint == f"{RULE} (no spaces)":
            # ("'[x]' is not a tag — a tag is letters, digits, '-', '_', '/' or '.' (no
            # spaces)" made 94 columns)
            # The characters refused named, before the tag is cut: "'state-of-t…' is not a
            # tag — use letters, digits and - _ / . only" cut the ':' that was wrong
            named = _refused(tag)
            error.shorter = [(error.message, SHORT_RULE), *quoting_shorter(
                lambda shown: f"{shown} is not a tag", text, SHORT_RULE,
                [(lambda shown: f"{shown} is not a tag", named)] if named else [])[1:]]
        raise error
    return tag


def _refused(tag: str) -> str | None:
    """The characters of `tag` that no tag may hold, named ("':' cannot be in a tag", the
    first three, the rest counted), or None when it has none such."""
    refused = [quoted(c) for c in dict.fromkeys(tag) if not is_tag_text("a" + c)]
    if not refused:
        return None
    if len(refused) > 3:
        named = f"{', '.join(refused[:3])} and {len(refused) - 3} more"
    else:
        named = " and ".join([", ".join(refused[:-1]), refused[-1]] if len(refused) > 1
                             else refused)
    return f"{named} cannot be in a tag"


def _bad_tag_hint(tag: str) -> str:
    """What to type instead: a list written as one word (`ml,vision`, as --ids takes ids)
    is several tags; words with spaces between them are one tag with dashes, or several."""
    if is_tag_text(tag):  # only marks: "a tag is ... '/' or '.'" read as allowed (`-`, `_`
        return "a tag needs a letter or digit"  # were tags, that -d could hardly name)
    bare = tag.strip(STRAY)
    if bare != tag and is_tag_text(bare) and bare.strip("./"):
        # `#ml` as a notes app writes a tag, `ml,` from a list typed with commas: the rule
        # alone left the one character to find
        return f"did you mean {bare}?"
    words = tag.replace(",", " ").split()
    if len(words) > 1 and all(is_tag_text(w) for w in words):
        several = f"give {', '.join(words[:-1])} and {words[-1]} as separate tags"
        return several if "," in tag else f"no spaces: {'-'.join(words)} (or {several})"
    return f"{RULE} (no spaces)"


def has_letter(tag: str) -> bool:
    """Whether `tag` has a letter or digit: one of marks alone (`-`, `_`, `./.`) says
    nothing, and `-` is what reads ids from stdin in `papers tag - TAG`."""
    return any(char.isalnum() for char in tag)


def normalize_tags(texts: Iterable[str]) -> list[str]:
    """Each tag normalised, duplicates dropped, first-given order kept."""
    return list(dict.fromkeys(normalize_tag(t) for t in texts))


def stored(names: Container[str], text: str) -> str | None:
    """`text` as a tag stored before a rule held, when `names` (the tags there are) has it:
    slashes not tidied (`ml/`), full-width letters not folded (`ｍｌ`), marks alone or a
    `-` first (`_`, `-x`). `tags` lists them, so `tags --rename`, `--delete` and `untag`
    name them as listed (`-d ｍｌ` took `ml` off instead, and `-d -x` was refused); None
    for any other (`normalize_tag` reads it)."""
    for tag in stored_forms(text):
        if tag in names:
            try:
                if normalize_tag(tag) != tag:
                    return tag
            except UsageError:
                return tag
    return None


def untag_names(texts: Iterable[str], carried: Container[str]) -> list[str]:
    """The tags `untag` takes off (the command and the MCP tool): each as `stored` on the
    papers when it is one from before a rule, else normalised; duplicates dropped."""
    return list(dict.fromkeys(stored(carried, t) or normalize_tag(t) for t in texts))


def none_tagged(udb: Any, tags: Sequence[str]) -> UsageError:
    """The usage error for tags no paper carries (all of them, or each): the close tags
    there are, as an unknown --family offers its close name ("no paper is tagged
    'robotic' — did you mean robotics?", of those no paper carries at all), else the
    tags there are: `--tag` listings, `for-you --tag`, `tags --rename` and `tags
    --delete` say it alike."""
    from papercli.terminal import cell_width
    from papercli.words import closest

    def asked(given: Sequence[str]) -> list[str]:
        """The messages naming `given`: whole, then each cut short, then in fewer words
        (a long tag, a Zotero keyword's 56 characters, made the lines 101 to 119)."""
        cut, shorter = (" and ".join(quoted(t, n) for t in given) for n in (20, 8))
        return list(dict.fromkeys([f"no paper is tagged {' and '.join(map(repr, given))}",
                                   f"no paper is tagged {cut}", f"no such tag {cut}",
                                   f"no such tag {shorter}"]))

    names = [tag for tag, _ in udb.tag_counts()]
    unknown = [t for t in tags if not any(nested_in(name, t) for name in names)]
    close = [closest(t, names) for t in unknown]
    ways: list[tuple[str, str]] = []
    if names and unknown and None not in close:
        hint = f"did you mean {' and '.join(dict.fromkeys(c for c in close if c))}?"
        ways += [(message, hint) for message in asked(unknown)]
        if len(unknown) == 1:  # (the tag typed, left out: "no such tag — did you mean …?")
            ways.append(("no such tag", hint))
    for message in asked(tags):
        ways.append((message, _some_tags(names, f"papers: error: {message} — ") if names
                     else "tag papers with papers tag ID TAG"))
    message, hint = next((way for way in ways
                          if cell_width(f"papers: error: {way[0]} — {way[1]}") <= 80),
                         ways[-1])
    return UsageError(message, hint=hint)


def none_under(names: Sequence[str], parents: Sequence[str]) -> str:
    """What `papers tags PARENT` says when no tag is PARENT or nested under it: the close
    tag, else the tags there are (most used first), as `none_tagged` offers them; it
    said "(papers tags lists yours)", sending the user to the command just run. Long or
    many tags asked are said shorter, then counted: "no tag 'a' or 'b' or 9 more (or
    under it)" (each named whole made 107 to 143 columns)."""
    from papercli.errors import NOTE_ROOM, fitting
    from papercli.sanitize import quoted
    from papercli.terminal import cell_width
    from papercli.words import closest, plural

    cut = [quoted(p, 20) for p in parents]
    askeds = list(dict.fromkeys([
        " or ".join(repr(p) for p in parents), " or ".join(cut),
        *([f"{' or '.join(cut[:2])} or {len(cut) - 2:,} more"] if len(cut) > 2 else [])]))
    messages = [f"no tag {asked} (or under it)" for asked in askeds]
    if not names:  # (with no tag at all, none is under it either)
        return fitting(*(f"{message} — no tags yet (papers tag ID TAG)" for message in
                         [*messages, *(f"no tag {asked}" for asked in askeds)]),
                       room=NOTE_ROOM)
    close = [c for c in (closest(p, names) for p in parents) if c]
    for message in messages if close else ():
        said = f"{message} — did you mean {' or '.join(dict.fromkeys(close))}?"
        if cell_width(f"papers: {said}") <= 80:
            return said
    for message in messages:
        have = f"{message} — you have {plural(len(names), 'tag')}"
        for count in range(min(len(names), 10), 0, -1):
            said = f"{have}: {', '.join(names[:count])}" + (", …" if count < len(names) else "")
            if cell_width(f"papers: {said}") <= 80:
                return said
    return fitting(*(f"{message} — you have {plural(len(names), 'tag')} (papers tags alone "
                     "lists them)" for message in messages),
                   *(f"{message} — papers tags alone lists yours" for message in messages),
                   *(f"no tag {asked} — papers tags alone lists yours" for asked in askeds),
                   room=NOTE_ROOM)


def _some_tags(names: Sequence[str], lead: str) -> str:
    """The tags, most used first, as many as fit an 80-column line after `lead`, the rest
    counted ("tags: rl, vision, … (12 more)"), else where they all are: ten long tags made
    the line 150 columns."""
    from papercli.terminal import cell_width

    def fits(text: str) -> bool:
        return cell_width(lead + text) <= 80

    whole = f"tags: {', '.join(names)}"
    if fits(whole):
        return whole
    for count in range(min(len(names), 10), 0, -1):
        some = f"tags: {', '.join(names[:count])}, … ({len(names) - count} more)"
        if fits(some):
            return some
    return f"papers tags lists all {len(names)}"


# -- the --tag filter (criteria.CRITERIA, through the session) ----------------------------


def nested_in(tag: str, parent: str) -> bool:
    """Whether `tag` is `parent` or a tag nested under it with '/' (`video/gen` and
    `video/gen/long` under `video`, as Zotero and Obsidian read a slash); `video-gen`
    and `videos` are not. Both normalised; `video/` is `video`."""
    base = parent.rstrip("/")
    return tag in (parent, base) or tag.startswith(base + "/")


def carried_under(carried: Iterable[str], tag: str) -> list[str]:
    """The tags of `carried` nested under `tag`, not it (`video/gen` under `video`), A to
    Z: what `untag ID video` says the papers carry instead, as `--tag video` finds them
    (untag takes the exact tag)."""
    return sorted(c for c in set(carried) if c != tag and nested_in(c, tag))


def not_tagged(pids: Sequence[str], absent: Sequence[str], carried: Iterable[str]) -> str:
    """What `untag` warns of the tags it found on none of the papers, named (the first
    five): "2401.01055 was not tagged vison", "no paper given was tagged a or b"; with
    the tag the papers do carry that each is close to, where the line has room
    ("… (did you mean vision?)", as `tags --delete vison` offers it: the warning alone
    left the typo's tag on the paper unsaid); the command and the MCP tool say it alike."""
    from papercli.errors import fitting
    from papercli.words import closest, first_few, plural

    def said(shown: Sequence[str]) -> str:
        named = (first_few(shown, 5) if len(shown) > 5 else
                 " or ".join([", ".join(shown[:-1]), shown[-1]] if len(shown) > 1 else shown))
        return (f"{pids[0]} was not tagged {named}" if len(set(pids)) == 1
                else f"no paper given was tagged {named}")

    # (in 80 columns: a long tag, a Zotero keyword's, made 98 and more; cut short, then
    # counted: "3 tags given were on none of the papers")
    shorter = [said([quoted(t, 20) for t in absent]),
               f"{plural(len(absent), 'tag')} given "
               f"{'was' if len(absent) == 1 else 'were'} on none of the papers"]
    known = sorted(set(carried) - set(absent))
    # (not the tags under one: those are said after it, as what untag takes exactly)
    close = list(dict.fromkeys(c for c in (
        closest(t, [k for k in known if not nested_in(k, t)]) for t in absent[:5]) if c))
    if not close:
        return fitting(said(absent), *shorter)
    meant = f"(did you mean {' or '.join(close)}?)"
    named = said(absent).partition(" tagged ")[2]
    return fitting(f"{said(absent)} {meant}", f"not tagged {named} {meant}", said(absent),
                   *shorter)


def canonical(tag: str) -> str:
    """`tag` with empty parts between slashes dropped (`ml/`, `/ml`, `ml//x`: `ml`, `ml`,
    `ml/x`), as normalize_tag keeps it; a stored tag from before that rule may differ."""
    return "/".join(part for part in tag.split("/") if part)


def renames_under(names: Iterable[str], old: str, new: str) -> dict[str, str]:
    """What `tags --rename OLD NEW` renames among the tags there are (`names`): OLD and
    each tag nested under it, OLD's part replaced (`ml/vision` -> `ai/vision`), as moving
    a folder moves what is in it (`--tag ml` finds them: renaming OLD alone split the
    branch in two). When NEW is under OLD (`ml` -> `ml/misc`), or OLD is a tag stored
    before slashes were tidied (`ml/`), OLD alone: the tags under it stay. A new name
    over MAX_LENGTH is a UsageError (nothing is renamed)."""
    if old != canonical(old) or new.startswith(old + "/"):
        moves = {old: new} if old in names else {}
    else:
        moves = {t: canonical(new + t[len(old):]) for t in names
                 if t == old or t.startswith(old + "/")}
    if moves and max(len(becomes) for becomes in moves.values()) > MAX_LENGTH:
        was = max(moves, key=lambda t: len(moves[t]))  # the longest said
        becomes = moves[was]
        error = UsageError(f"renamed, {quoted(was, SHOWN)} would be {quoted(becomes, SHOWN)}, "
                           f"longer than {MAX_LENGTH} characters",
                           hint="choose a shorter NEW (nothing was renamed)")
        error.shorter = [(f"{quoted(was, 16)} would be {len(becomes)} characters",
                          f"a tag is at most {MAX_LENGTH}")]
        raise error
    return moves


def tagged(session: _Yours, words: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[str]]:
    """`--tag` words normalised (a bad one is a UsageError) and the ids of the papers
    carrying every one of them, or a tag nested under it (`nested_in`: `--tag video`
    finds `video/gen`). The one place `--tag` is read (`Session.tagged`: every listing,
    export, for-you, a watch), so they all agree. No user database yet: no paper has a
    tag (and a listing creates none); a folder or a link there is no "none yet"
    (`Session.has_userdb`)."""
    tags = normalize_tags(words)
    ids: set[str] | None = None
    if tags and session.has_userdb():
        from papercli.db.userdb import UserDB

        with UserDB.open(session.userdb_path) as udb:
            for tag in tags:  # (each by the tag index: a table of 100,000 pairs read whole
                # for every listing took 0.4 s); `video/` is asked as `video` too, once
                found = set(udb.tagged_under(tag))
                for name in {tag, tag.rstrip("/")}:
                    found.update(udb.tagged(name))
                ids = found if ids is None else ids & found
    return tuple(tags), frozenset(ids or ())


def not_in_library(ids: Sequence[str]) -> str:
    """What to say when a `--tag` listing is empty though papers carry the tags, because
    none of them (`ids`, sorted) is in the library yet (tagged offline, or before `cache
    clear`) and no copy of them is kept (`reading.unlisted`): the tag was kept for when
    the paper arrives, not lost."""
    from papercli.words import plural

    # (in 80 columns: naming the tags and every id said twice made 103 for one paper)
    if len(ids) == 1:
        return f"the tagged paper is not in the library yet: papers show {ids[0]}"
    return (f"{plural(len(ids), 'tagged paper')} are not in the library ({ids[0]}, …): "
            "papers show ID")


MAX_LOOKED_UP = 200  # tagged ids looked up for `not_in_library` (more: not said)


# -- what listings show of them ------------------------------------------------------------


def yours(session: _Yours) -> dict[str, dict[str, object]]:
    """paper id -> {"tags": [...], "note": "..."} for every paper you tagged or wrote a
    note on (both tables are small: read whole), as the JSON fields (`extras`) a listing
    adds to its papers. No user database yet: nothing. A database that cannot be read
    is a PapersError for the caller to turn into a warning (`reading.not_shown`)."""
    if not session.has_userdb():
        return {}
    from papercli.db.userdb import UserDB

    out: dict[str, dict[str, object]] = {}
    with UserDB.open(session.userdb_path) as udb:
        for pid, tags in udb.all_tags().items():
            out.setdefault(pid, {})["tags"] = tags
        for pid, text in udb.all_notes().items():
            out.setdefault(pid, {})["note"] = text
    return out


def keep(session: Any, udb: Any, ids: Iterable[str]) -> None:
    """A snapshot of each of the papers the library has in the user database, so a
    tagged or noted paper's title survives `papers cache clear` (as a star's does)."""
    store = session.store()
    found = [p for p in (store.get_paper(i) for i in ids) if p is not None]
    if found:
        udb.keep(found)
