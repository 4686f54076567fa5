"""Markdown digests: a title line, then per paper a linked heading, a metadata line, and
the abstract. Every piece of text is escaped so that no title can open a link, a code
span, an HTML tag, a list or a heading: the document parses as CommonMark with exactly one
heading per paper.

Maths in abstracts is kept as maths, for note apps (Obsidian, Logseq, Joplin) and
renderers with the dollarmath extension: `$...$` and `\\(...\\)` become inline `$...$`,
`$$...$$` and `\\[...\\]` a display block `$$...$$`, the TeX inside verbatim. A `$` that
does not close (or maths that looks like HTML) is escaped like any other text.
`md_tags` writes families as `#tags`, `front_matter` a YAML header (values JSON-quoted,
which YAML reads as double-quoted scalars).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from urllib.parse import quote

from papercli.db.records import TAG_MAX_LENGTH as TAG_MAX
from papercli.exporters import HIDDEN_MARK, Context, Section, is_hidden, tags_and_note, untex
from papercli.models import Paper
from papercli.names import shown_name
from papercli.sanitize import clean_block, clean_line

# ASCII punctuation with a meaning somewhere in CommonMark inline or block syntax (or in
# common extensions: `|` tables, `~` strikethrough). CommonMark lets any of these be
# backslash-escaped, so over-escaping is harmless.
_INLINE = re.compile(r"([\\`*_\[\]<>#|~&!$])")
# What would start a block (list item, setext underline, thematic break) at a line start.
_LINE_START = re.compile(r"^([ \t]*)([-+=]|\d{1,9}(?=[.)]))")
MAX_AUTHORS = 3
SEP = " · "
# The most of a family's name written (as every view shows it); your tags are written
# whole: `TAG_MAX_LENGTH` (64, as `papers tag` takes them), which a cut at 60 left short.
FAMILY_MAX = 60


def escape(text: str, *, line_start: bool = True) -> str:
    """Backslash-escape Markdown punctuation in one line of text (`line_start`: the text
    begins a line, so list, heading and setext markers are escaped too)."""
    escaped = _INLINE.sub(r"\\\1", text)
    match = _LINE_START.match(escaped) if line_start else None
    if match:
        lead, marker = match.groups()
        if marker[0].isdigit():  # "1. " or "1) " starts an ordered list
            pos = match.end()
            escaped = escaped[:pos] + "\\" + escaped[pos:]
        else:
            escaped = f"{lead}\\{escaped[len(lead) :]}"
    return escaped


# Maths as arXiv abstracts write it. Inline `$`: no space just inside either dollar, no
# backslash before the closing one, no digit after it (so "$5 and $10" is money).
_MATH = re.compile(
    r"\$\$(?P<d1>[^$]+?)\$\$"
    r"|\\\[(?P<d2>.+?)\\\]"
    r"|\\\((?P<i2>.+?)\\\)"
    r"|(?<![\\$])\$(?P<i1>[^\s$\\]|[^\s$][^$]*?[^\s$\\])\$(?!\d)"
)
# What TeX never needs and a plain CommonMark reader would take as markup: a whole tag or
# autolink (`x<y` alone is fine: no tag can start there), a code span, a link destination.
_NOT_MATH = re.compile(r"<[A-Za-z/!?][^<>]*>|`|\]\(|\]:|\$")


def _math_pieces(text: str) -> list[tuple[str, str]]:
    """`text` as ("text", s), ("inline", tex) and ("display", tex) pieces."""
    pieces: list[tuple[str, str]] = []
    pos = 0
    for match in _MATH.finditer(text):
        display = match.group("d1") or match.group("d2")
        tex = display if display is not None else (match.group("i1") or match.group("i2"))
        if tex is None or not tex.strip() or _NOT_MATH.search(tex):
            continue
        if match.start() > pos:
            pieces.append(("text", text[pos : match.start()]))
        pieces.append(("display" if display is not None else "inline", tex.strip()
                       if display is not None else tex))
        pos = match.end()
    if pos < len(text):
        pieces.append(("text", text[pos:]))
    return pieces


def _math_blocks(paragraph: str) -> list[str]:
    """One paragraph of an abstract as Markdown blocks: escaped text with inline maths,
    and display maths as blocks of their own."""
    blocks: list[str] = []
    line: list[str] = []
    for kind, value in _math_pieces(paragraph):
        if kind == "display":
            if "".join(line).strip():
                blocks.append("".join(line).strip())
            line = []
            blocks.append(f"$${value}$$")
        elif kind == "inline":
            line.append(f"${value}$")
        else:
            piece = value.lstrip() if not line else value
            line.append(escape(untex(piece), line_start=not line))
    if "".join(line).strip():
        blocks.append("".join(line).strip())
    return blocks


def safe_url(url: str | None) -> str | None:
    """An http(s) URL fit for a link destination, or None (no `javascript:` links).

    Spaces, parentheses, angle brackets, backslashes and quotes are percent-encoded so
    the destination cannot end early or be read as something else.
    """
    text = clean_line(url or "", 2000)
    if not text.lower().startswith(("https://", "http://")):
        return None
    return quote(text, safe=":/?#@!$&'*+,;=%~-._")


def page_url(paper: Paper, endpoint: str) -> str | None:
    """The page a paper's title links to: its Hugging Face page when the Hub has listed
    it, else arXiv's (a paper only arXiv or a reference file knows, an old-style id such
    as hep-th/9901001, may have no Hub page at all)."""
    return safe_url(paper.hf_url(endpoint) if paper.has_hub_page else paper.arxiv_url)


def _link(label: str, url: str | None) -> str | None:
    dest = safe_url(url)
    return f"[{label}]({dest})" if dest else None


def _authors(names: Sequence[str]) -> str:
    # (as every view names an author: a file's "Pérez Ortega, Lucía" given name first)
    cleaned = [n for n in (clean_line(shown_name(n), 300) for n in names) if n]
    if not cleaned:
        return "Unknown authors"
    if len(cleaned) <= MAX_AUTHORS + 1:  # "A, B, C et al. (4 authors)" saves nothing
        return ", ".join(escape(n) for n in cleaned)
    shown = ", ".join(escape(n) for n in cleaned[:MAX_AUTHORS])
    return f"{shown} et al. ({len(cleaned)} authors)"


def _tags(families: Sequence[str]) -> str:
    """Family tags as code spans (literal inside, never a heading at line start)."""
    names = [clean_line(f, FAMILY_MAX).replace("`", "").strip() for f in families]
    return " ".join(f"`{n}`" for n in names if n)


def _hashtags(families: Sequence[str], mine: Sequence[str]) -> str:
    """The families and your tags as `#tags` for note apps, each once: `-x` and `_x`,
    or a family and a tag of the same name, make one slug, which was written twice."""
    return " ".join(f"#{t}" for t in note_tags(families, mine))


def note_tags(families: Sequence[str], mine: Sequence[str], *, mine_first: bool = False
              ) -> list[str]:
    """The slugs of the families and of your tags, one per tag a note app sees: Obsidian
    and Logseq read `#LLaVA` and `#llava` as one tag, so slugs that differ only in case
    are written once, in the family's spelling (your tags are stored lower case)."""
    ours = [t for t in map(tag_slug, families) if t]
    yours = [t for t in (tag_slug(t, TAG_MAX) for t in mine) if t]
    spelling: dict[str, str] = {}
    for slug in (*ours, *yours):
        spelling.setdefault(slug.casefold(), slug)
    order = [*yours, *ours] if mine_first else [*ours, *yours]
    return _unique(spelling[slug.casefold()] for slug in order)


def tag_slug(name: str, limit: int = FAMILY_MAX) -> str:
    """A family name (or, `limit` TAG_MAX, your tag) as a note-app tag: `Stable
    Diffusion` → `Stable-Diffusion`; letters, digits, `_`, `-` and `/` only."""
    slug = re.sub(r"[^\w/-]+", "-", clean_line(name, limit)).strip("-_/")
    return slug if slug and not slug.isdigit() else ""


def _mine(tags: Sequence[str]) -> str:
    """Your tags (`papers tag`) as code spans marked with `#`."""
    names = [clean_line(t, TAG_MAX).replace("`", "") for t in tags]
    return " ".join(f"`#{n}`" for n in names if n)


def _meta_line(paper: Paper, hashtags: bool = False, mine: Sequence[str] = (),
               hidden: bool = False) -> str:
    parts = [_authors(paper.authors)]
    published = paper.shown_date  # a month (YYYY-MM) for a paper with no day
    listed = (paper.submitted_at or "")[:10]
    if published:
        parts.append(f"{paper.date_label} {escape(published)}")  # (or the announcement's)
    if listed and listed != published:
        parts.append(f"Daily Papers {escape(listed)}")
    if paper.on_hub:  # the Hub's counts: an arXiv-only paper's 0 is "not known"
        parts.append(f"▲ {paper.upvotes}")
    if paper.comments > 0 and paper.on_hub:
        parts.append(f"{paper.comments} comment{'s' if paper.comments != 1 else ''}")
    if paper.withdrawn_at:  # issue 10: withdrawn papers are marked in every view
        parts.append(f"**withdrawn** {escape(paper.withdrawn_at[:10])}")
    if hidden:  # `--hidden`: marked as the table marks it, not passed off as a listing's
        parts.append(HIDDEN_MARK)
    links = (
        _link("arXiv", paper.arxiv_url),
        _link("PDF", paper.pdf_url),
        _link("Code", paper.github_repo),
        _link("Project page", paper.project_page),
    )
    parts.extend(link for link in links if link)
    if hashtags:
        if tags := _hashtags(paper.families, mine):
            parts.append(tags)
        return SEP.join(parts)
    if tags := _tags(paper.families):
        parts.append(tags)
    if own := _mine(mine):
        parts.append(own)
    return SEP.join(parts)


def _paragraphs(text: str | None) -> list[str]:
    return [escape(p) for p in clean_block(text).split("\n\n") if p.strip()]


def _abstract_blocks(text: str | None) -> list[str]:
    return [b for p in clean_block(text).split("\n\n") if p.strip() for b in _math_blocks(p)]


def _stamp(when: datetime) -> str:
    if when.tzinfo is None:  # naive: taken as UTC, like every timestamp in the library
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _section(paper: Paper, ctx: Context, level: int = 2) -> list[str]:
    heading = escape(untex(clean_line(paper.title, 1000))) or escape(clean_line(paper.id, 64))
    dest = page_url(paper, ctx.endpoint)
    marks = "#" * level
    lines = [f"{marks} [{heading}]({dest})" if dest else f"{marks} {heading}", ""]
    lines += [_meta_line(paper, ctx.md_tags, tags_and_note(ctx, paper.id)[0],
                         is_hidden(ctx, paper.id)), ""]
    if paper.ai_summary:
        tldr = " ".join(_paragraphs(paper.ai_summary))
        if tldr:
            lines += [f"> **TL;DR** {tldr}", ""]
    if ctx.abstract:
        for block in _abstract_blocks(paper.summary):
            lines += [block, ""]
    return lines


# -- YAML front matter ---------------------------------------------------------------------

# Outside YAML's printable set, or read as a line break by YAML 1.1 parsers.
_NOT_YAML = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]"
)


def yaml_value(value: object) -> str:
    """A scalar or a list of strings as YAML: JSON's double-quoted strings are YAML too."""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    text = _NOT_YAML.sub("", clean_line(value, 2000))
    return json.dumps(text, ensure_ascii=False, allow_nan=False)


def front_matter(fields: Sequence[tuple[str, object]]) -> str:
    """`---`, one `key: value` a line, `---`. A date (`YYYY-MM-DD`) is written bare, so
    note apps read it as a date, and so is a flag (`true`); everything else is quoted."""
    lines = ["---"]
    for key, value in fields:
        if value is None or value == [] or value == () or value is False:
            continue
        if value is True:
            lines.append(f"{key}: true")
        elif key == "date" and isinstance(value, str) and re.fullmatch(
                r"\d{4}-\d{2}-\d{2}", value):
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}: {yaml_value(value)}")
    return "\n".join([*lines, "---", ""]) + "\n"


def _unique(values: Iterator[str]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        seen.setdefault(v, None)
    return list(seen)


def _document_front_matter(sections: Sequence[Section], ctx: Context) -> str:
    ids: list[str] = []
    families: dict[str, None] = {}
    for section in sections:
        for paper in section.papers:
            ids.append(clean_line(paper.id, 64))
            for family in paper.families:
                families.setdefault(clean_line(family, FAMILY_MAX), None)
    fields: list[tuple[str, object]] = [
        ("title", ctx.title or "Papers"),
        ("date", _stamp(ctx.generated_at)[:10] if ctx.generated_at else None),
        ("ids", ids),
        ("families", list(families)),
    ]
    if ctx.md_tags:
        fields.append(("tags", note_tags(list(families), ())))
    fields.append(("watches", list(ctx.watches)))
    return front_matter(fields)


def note(paper: Paper, ctx: Context) -> str:
    """One paper as a note of its own (`papers export --split`): front matter when asked,
    the paper as the note's one `#` heading."""
    head = ""
    mine, note_text = tags_and_note(ctx, paper.id)
    if ctx.front_matter:
        # Your tags (`papers tag`), and with --md-tags the families, as note-app tags.
        tags = note_tags(paper.families if ctx.md_tags else (), mine, mine_first=True)
        values: dict[str, object] = {
            "title": clean_line(paper.title, 1000),
            # a month for a paper with no day (`shown_date`): quoted, so no note app reads
            # it as a day it is not
            "date": paper.date or paper.shown_date or None,
            # the day arXiv announced it, not v1's (`dated_by_announcement`): said, as the
            # body's "Announced DATE" and a feed's entry say it; the day stays the date (a
            # site sorts by it), and a later --split --force drops the key once v1's is known
            "announced": paper.dated_by_announcement,
            "id": clean_line(paper.id, 64),
            "authors": [clean_line(shown_name(a), 300) for a in paper.authors[:50]],
            "url": page_url(paper, ctx.endpoint),
            "arxiv": safe_url(paper.arxiv_url),
            "families": [clean_line(f, FAMILY_MAX) for f in paper.families],
            "tags": tags,
            "watches": list(ctx.watches),
        }
        head = front_matter([(key, values[key]) for key in NOTE_KEYS])
    text = head + "\n".join(_section(paper, ctx, level=1)).rstrip("\n") + "\n"
    written = values["tags"] if ctx.front_matter else None
    return with_note_body(text, note_body(note_text),
                          tags=written if isinstance(written, list) else None)


# -- the note's body: yours, kept by a later --split ------------------------------------------
# Below the abstract a marker line, then the body: your note (`papers note`) when papercli
# writes the file. The marker carries a hash of the body papercli wrote, so a later
# `export --split --force` can tell whether you changed it by hand: if you did, the body
# is kept exactly as it is (only the part above the marker is rewritten); if not, it is
# replaced by your note as it is now.

# The marker also says which `tags:` papercli wrote in the front matter (`tags=a,b `: a
# tag slug has no comma, space or `>`), so that a later write can tell the tags you typed
# there from papercli's (`with_your_tags`).
_MARK = re.compile(r"^<!-- papercli:note ([0-9a-f]{16}) (?:tags=(\S*) )?[^\n]*-->$",
                   re.MULTILINE)
MARK_TEXT = ("write your notes below this line: a later `papers export --split --force` "
             "keeps what you change here")


def note_body(text: str | None) -> str:
    """A note as the body of its file: control characters gone, line ends `\n`."""
    from papercli.sanitize import strip_controls

    if not text:
        return ""
    return strip_controls(text.replace("\r\n", "\n").replace("\r", "\n")).strip("\n")


def body_hash(body: str) -> str:
    import hashlib

    return hashlib.sha256(body.strip("\n").encode("utf-8")).hexdigest()[:16]


def _mark_line(digest: str, tags: Sequence[str] | None) -> str:
    written = f"tags={','.join(tags)} " if tags is not None else ""
    return f"<!-- papercli:note {digest} {written}{MARK_TEXT} -->"


def with_note_body(text: str, body: str, mark: str | None = None,
                   tags: Sequence[str] | None = None) -> str:
    """`text` (the generated part), the marker line (`mark`, or a new one for `body`
    recording the front matter's `tags`), then the body."""
    line = mark or _mark_line(body_hash(body), tags)
    return f"{text}\n{line}\n" + (f"\n{body.strip(chr(10))}\n" if body.strip("\n") else "")


def split_note_file(text: str) -> tuple[str, str] | None:
    """(marker line, body) of a note file papercli wrote, or None without a marker."""
    found = _MARK.search(text)  # the first: the generated part escapes `<`, so it is ours
    if found is None:
        return None
    body = text[found.end():]
    return found.group(0), body[1:] if body.startswith("\n") else body


def rewritten(old: str, new: str) -> str:
    """The note file `new` (as papercli would write it now) over the file `old`: a body
    changed by hand since papercli wrote it is kept, with its marker; otherwise `new`'s.
    Front-matter keys you added to `old` (`aliases:`, `status:`) are kept too, and so are
    the tags you typed into its `tags:` (`with_your_tags`)."""
    new = with_your_tags(old, with_your_keys(old, new))
    before = split_note_file(old)
    if before is None:
        return new
    mark, body = before
    found = _MARK.match(mark)
    if found and found.group(1) == body_hash(body):
        return new  # untouched: your note as it is now
    now = split_note_file(new)
    generated = new[: new.rfind(now[0])].rstrip("\n") + "\n" if now else new
    if found and now:  # your body's hash, with the tags papercli writes now
        mark = _mark_line(found.group(1), _marked_tags(now[0]))
    return with_note_body(generated, body, mark)


# -- a note's front matter: papercli's keys refreshed, yours kept ------------------------------
# A note app lets you add keys of your own to a note's front matter (Obsidian's properties:
# `aliases:`, `status:`, `rating:`). `export --split --force` rewrites papercli's keys
# (NOTE_KEYS) and keeps every other key, with its value lines and comments, where you put it.

NOTE_KEYS = ("title", "date", "announced", "id", "authors", "url", "arxiv", "families", "tags",
             "watches")
_FRONT = re.compile(r"\A---\n(.*?)^---\n", re.DOTALL | re.MULTILINE)
# A top-level `key:` line (plain or quoted key); an indented line, a `- item` or a comment
# belongs to the key above it.
_KEY_LINE = re.compile(r"""(?!-(?:[ \t]|$))("[^"\n]*"|'[^'\n]*'|[^\s#][^\n]*?)[ \t]*:(?:[ \t]|$)""")


def _front_entries(text: str) -> tuple[list[tuple[str | None, str]], str] | None:
    """(entries, rest) of a note with front matter: each top-level key with its lines
    (None for lines before the first key), and the text after the closing `---`."""
    found = _FRONT.match(text)
    if found is None:
        return None
    entries: list[tuple[str | None, str]] = []
    for line in found.group(1).splitlines(keepends=True):
        key = _KEY_LINE.match(line)
        if key is not None:
            entries.append((key.group(1).strip("\"'"), line))
        elif entries:
            entries[-1] = (entries[-1][0], entries[-1][1] + line)
        else:
            entries.append((None, line))
    return entries, text[found.end():]


def with_your_keys(old: str, new: str) -> str:
    """`new` with the front-matter keys of `old` that are not papercli's, in their places:
    papercli's keys take `new`'s values (and are dropped where `new` has none, say
    without --front-matter); one new to `old` goes after papercli's last."""
    before = _front_entries(old)
    if before is None or all(key in NOTE_KEYS for key, _ in before[0]):
        return new
    now = _front_entries(new)
    ours = dict(now[0]) if now else {}
    rest = now[1] if now else "\n" + new
    lines: list[str] = []
    last_ours = 0
    for key, text in before[0]:
        if key not in NOTE_KEYS:
            lines.append(text if text.endswith("\n") else text + "\n")
        elif key in ours:
            lines.append(ours.pop(key))
            last_ours = len(lines)
    lines[last_ours:last_ours] = list(ours.values())
    return "---\n" + "".join(lines) + "---\n" + rest


# -- `tags:` in a note's front matter: papercli's and yours, merged ----------------------------
# papercli writes your `papers tag` tags (and with --md-tags the families) there, and a note
# app lets you type tags of your own into the same list. A later `--split --force` keeps
# what you typed: a tag you added stays, one of papercli's you deleted by hand stays
# deleted, and papercli's own changes (a tag added or taken off with `papers tag`/`untag`)
# are made. What papercli wrote last is read from the marker line (`_MARK`); a note
# written before it said so keeps every tag in it, papercli's new ones added.

# An item of a flow list `[a, "b, c", 'd']`: a quoted scalar (a comma inside), or up to a comma.
_FLOW_ITEM = re.compile(r"""\s*("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,]+)\s*(?:,|$)""")
_ITEM = re.compile(r"""[ \t]*-[ \t]+("[^"\n]*"|'[^'\n]*'|[^#\s][^#\n]*?)[ \t]*(?:#.*)?""")


def _marked_tags(mark: str) -> list[str] | None:
    """The tags a marker line says papercli wrote, or None when it does not say."""
    found = _MARK.match(mark)
    if found is None or found.group(2) is None:
        return None
    return [t for t in found.group(2).split(",") if t]


def _scalar(word: str) -> str:
    word = word.strip()
    if len(word) >= 2 and word[0] == word[-1] == '"':
        try:
            loaded = json.loads(word)
        except ValueError:
            return word[1:-1]
        return loaded if isinstance(loaded, str) else word
    if len(word) >= 2 and word[0] == word[-1] == "'":
        return word[1:-1].replace("''", "'")
    return word


def _tag_list(entry: str) -> list[str] | None:
    """The tags of a front matter's `tags:` entry (its lines), as YAML writes a list of
    words: `[a, "b"]`, `- a` lines, or `a, b` / `a b`; None for a shape not read here
    (then the entry is yours, kept as it is)."""
    first, _, more = entry.partition("\n")
    key = _KEY_LINE.match(first)
    if key is None:
        return None
    value = first[key.end():].strip()
    if value.startswith("#"):
        value = ""
    if value:
        if more.strip():
            return None
        if value.startswith("["):
            inner = re.fullmatch(r"\[(.*)\]\s*(?:#.*)?", value)
            if inner is None:
                return None
            raw = _FLOW_ITEM.findall(inner.group(1))
            if any(w.lstrip()[:1] in ("[", "{") for w in raw):
                return None  # (a list in the list: not tags)
            words = [_scalar(w) for w in raw]
        elif "#" in value or value[0] in "{&*!|>":
            return None
        else:
            words = [_scalar(value)] if value[0] in "\"'" else re.split(r"[,\s]+", value)
        return [w for w in words if w]
    out = []
    for line in more.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = _ITEM.fullmatch(line)
        if item is None:
            return None
        out.append(_scalar(item.group(1)))
    return [w for w in out if w]


def with_your_tags(old: str, new: str) -> str:
    """`new` with the `tags:` of its front matter merged with those of the note file
    `old`: the tags you typed there kept, and those you deleted from papercli's left out
    (what papercli wrote is on `old`'s marker line); papercli's own changes made."""
    before = _front_entries(old)
    if before is None:
        return new
    entry = next((text for key, text in before[0] if key == "tags"), None)
    if entry is None:
        return new
    typed = _tag_list(entry)
    now = _front_entries(new)
    entries = now[0] if now else []
    ours_entry = next((text for key, text in entries if key == "tags"), None)
    ours = (_tag_list(ours_entry) or []) if ours_entry is not None else []
    found = split_note_file(old)
    last = (_marked_tags(found[0]) if found else None) or []
    if typed is None:  # a shape not read here: yours as it is
        line = entry if entry.endswith("\n") else entry + "\n"
    else:
        gone = set(last) - set(ours)
        merged = [t for t in typed if t not in gone]
        merged += [t for t in ours if t not in typed and t not in last]
        if merged == ours:
            return new
        if merged == typed:  # (yours unchanged: kept as you wrote it)
            line = entry if entry.endswith("\n") else entry + "\n"
        else:
            line = f"tags: {yaml_value(merged)}\n" if merged else ""
    if now is None:
        return f"---\n{line}---\n\n{new}" if line else new
    lines = [line if key == "tags" else text for key, text in entries]
    if ours_entry is None:
        lines.append(line)
    return "---\n" + "".join(lines) + "---\n" + now[1]


def _title_block(title: str, section: Section, ctx: Context) -> list[str]:
    lines = [f"# {escape(clean_line(title, 1000)) or 'Papers'}", ""]
    if not len(section.papers):
        return [*lines, "_No papers._", ""]
    info = section.counted
    if ctx.generated_at is not None:
        info += f"{SEP}generated {_stamp(ctx.generated_at)} by papercli"
    return [*lines, f"_{info}_", ""]


def stream(sections: Sequence[Section], ctx: Context, fmt: str = "md") -> Iterator[str]:
    """Front matter (once), then each section as a document of its own: `# heading`, the
    count, a `##` heading per paper. A flat document is one section titled ctx.title."""
    if ctx.front_matter:
        yield _document_front_matter(sections, ctx)
    for n, section in enumerate(sections):
        title = section.heading if section.heading is not None else ctx.title
        lines = _title_block(title, section, ctx)
        yield ("\n" if n else "") + "\n".join(lines[:-1]) + "\n"
        for paper in section.papers:
            yield "\n" + "\n".join(_section(paper, ctx)).rstrip("\n") + "\n"
