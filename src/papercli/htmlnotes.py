"""Zotero's notes, which are HTML, as papercli's notes are written: Markdown.

Zotero's RIS export writes each note of an item as its HTML (`bibimport.zotero_notes`
picks those out); markdownify makes it Markdown, on BeautifulSoup's tree of the standard
library's html.parser. What a note becomes is papercli's to say, in `_Converter`: a note
is read in a terminal, as one typed with `papers note` is, so its text is kept as typed
(`2*3*4` is not escaped), links are kept only to http(s) pages, and scripts, styles,
images and drawings are dropped. The file is untrusted: a note is parsed only when it is
no longer than a note may be (MAX_HTML) and holds at most MAX_TAGS tags (more is read as
its text alone, with no tree: BeautifulSoup and markdownify spend some 30 µs a tag, 6 s
on a note of 100,000 tiny elements; `python bench/notes_html.py`), markup nested deeper
than MAX_DEPTH is read as text, and only the elements named in `_CONVERTED` are
converted (markdownify looks a tag's converter up by its name: `<soup>` would call a
method that is not one).

Imported only when a Zotero note is read: markdownify brings BeautifulSoup and soupsieve.
"""

from __future__ import annotations

import html as entities
import re
from typing import Any

from bs4.element import NavigableString, PreformattedString, Tag
from markdownify import ATX, STRIP, MarkdownConverter

from papercli.notes import MAX_NOTE

MAX_HTML = MAX_NOTE * 4  # characters of HTML read (notes.from_file's bound on a note)
MAX_DEPTH = 40  # elements nested deeper are read as their parent's text
# Tags of a note converted, counted as its `<`s (each begins a tag, an end tag or a
# comment; one of text is written `&lt;`, and a lone `<` costs the parser 2 µs); a note
# with more is read as its text alone (`_plain`). A long real note has a few thousand:
# 6,549 in one of 780 highlights added from annotations (MAX_HTML long), 7,222 in a
# pasted table of 400 rows, each converted in 0.3 s; 20,000 links take 0.7 s.
MAX_TAGS = 20_000
MAX_SPAN = 20  # columns a table's cell may span

# Elements whose content is not the note's text (a script, a style, an image, a form).
_DROPPED = frozenset({"script", "style", "template", "head", "title", "noscript", "iframe",
                      "object", "embed", "svg", "math", "canvas", "select", "button",
                      "textarea", "video", "audio"})
# The elements markdownify converts (`_BLOCKS` as a <div>); any other's content is kept
# as its parent's.
_BLOCKS = ["div", "article", "section", "header", "footer", "main", "aside", "nav", "figure",
           "address", "details", "summary", "center", "body", "form", "fieldset"]
_CONVERTED = [
    "[document]", *_BLOCKS, "p", "h1", "h2", "h3", "h4", "h5", "h6",
    "br", "hr", "blockquote", "pre", "code", "kbd", "samp", "b", "strong", "i", "em",
    "s", "del", "sup", "sub", "a", "img", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption",
    "figcaption", "tr", "td", "th"]
_LISTS = ("ul", "ol")
_FENCE = re.compile(r"`+")
_SPACES = re.compile(r"[ \t\n\r\f]+")  # HTML's white space, not U+00A0 (&nbsp;)
_ITEM_END = "\x00"  # what a list item left open ends with, before the items it holds


def markdown(html: str) -> str | None:
    """A Zotero note (HTML) in Markdown: paragraphs a blank line apart, `#` headings,
    **bold**, *italic*, ~~struck~~, `code`, x^2 and CO_2 (`^{10}` for more than one
    character, as a title writes a script), `-` and numbered lists (nested), quotes,
    fenced code blocks, links as [text](url) (http and https ones; another's text
    alone), tables as Markdown's (the first row their header); any other element's text
    kept, entities decoded, a no-break space a space. None when the HTML is longer than
    MAX_HTML (its note would be longer than a note may be); with more than MAX_TAGS
    tags, its text alone, a line for each block (`_plain`)."""
    if len(html) > MAX_HTML:
        return None
    if html.count("<") > MAX_TAGS:  # (a `<` of the text is written `&lt;`)
        return _plain(html)
    text = _Converter().convert(html.replace(_ITEM_END, ""))
    return text.replace(_ITEM_END, "").replace("\xa0", " ").strip("\n")


class _Converter(MarkdownConverter):
    """markdownify's conversion, with papercli's policy where it differs (see the
    module's docstring), a bound on nesting, and list items numbered in one pass."""

    def __init__(self) -> None:
        super().__init__(
            heading_style=ATX, bullets="-", strip_document=STRIP, convert=_CONVERTED,
            escape_asterisks=False, escape_underscores=False, escape_misc=False,
            wrap=True, wrap_width=None)  # (wrapping, not at a width: white space a space)
        self._depth = 0
        self._numbers: dict[int, int] = {}  # id() of an item of a numbered list: its number
        self._heads: set[int] = set()  # id() of each table's first row: its header

    def convert_soup(self, soup: Any) -> str:
        for ol in soup.find_all("ol"):
            start = str(ol.get("start") or "").strip()
            first = int(start) if start.isascii() and start.isdigit() and len(start) < 9 \
                else 1
            for n, item in enumerate(_items(ol), first):
                self._numbers[id(item)] = n
        for table in soup.find_all("table"):
            if (head := _first_row(table)) is not None:
                self._heads.add(id(head))
        return super().convert_soup(soup)

    # -- bounds ----------------------------------------------------------------------------

    def process_tag(self, node: Any, parent_tags: set[str] | None = None) -> str:
        """A dropped element nothing; one nested deeper than MAX_DEPTH its text alone."""
        if node.name in _DROPPED:
            return ""
        if self._depth >= MAX_DEPTH:
            return _text(node)
        self._depth += 1
        try:
            return str(super().process_tag(node, parent_tags))  # type: ignore[misc]
        finally:
            self._depth -= 1

    def process_text(self, el: Any, parent_tags: set[str] | None = None) -> str:
        """Text as typed; a comment, CDATA or processing instruction nothing, and the
        spaces beside a line break gone."""
        if isinstance(el, PreformattedString):
            return ""
        text = str(super().process_text(el, parent_tags))  # type: ignore[misc]
        if "pre" not in (parent_tags or ()):
            if _is_break(el.previous_sibling):
                text = text.lstrip(" ")
            if _is_break(el.next_sibling):
                text = text.rstrip(" ")
        return text

    # -- papercli's policy -----------------------------------------------------------------

    def convert_a(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """A link to an http(s) page as [text](url); another (`zotero://`, `javascript:`)
        its text alone."""
        from papercli.sanitize import safe_url

        href = el.get("href")
        url = safe_url(href.strip()) if isinstance(href, str) else None
        if "_noformat" in parent_tags or url is None:
            return text
        label = text.strip(" ") or url  # (its spaces outside: `[ x ]` would keep them)
        before = " " if text.startswith(" ") else ""
        after = " " if text.endswith(" ") and text.strip(" ") else ""
        return f"{before}[{label}]({url.replace('(', '%28').replace(')', '%29')}){after}"

    def convert_img(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """An image is not shown in a terminal: its alt text, if it has one."""
        alt = el.get("alt")
        return _SPACES.sub(" ", alt) if isinstance(alt, str) else ""

    def convert_sup(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """A superscript as the library's titles write one (`bibimport.csl_text`): `^2`,
        `^{-3}`; its text alone it was, and 10<sup>-3</sup> read "10-3"."""
        return _script("^", text, parent_tags)

    def convert_sub(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """A subscript as a title writes one: `_2`, `_{ij}` (CO<sub>2</sub> read "CO2")."""
        return _script("_", text, parent_tags)

    def convert_br(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """A line break (not markdownify's two trailing spaces, unseen in a terminal)."""
        return " " if "_inline" in parent_tags else "\n"

    def convert_hN(self, n: int, el: Any, text: str, parent_tags: set[str]) -> str:
        """An empty heading is none (markdownify would leave a lone `#`)."""
        if not text.strip() and "_inline" not in parent_tags:
            return ""
        return str(super().convert_hN(n, el, text, parent_tags))  # type: ignore[misc]

    def convert_pre(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """A code block fenced by more backticks than any run of them in it; Zotero's
        maths (`<pre class="math">$$…$$</pre>`) as it is."""
        code = text.replace("\xa0", " ").strip("\n")
        if not code.strip():
            return ""
        if "math" in el.get_attribute_list("class"):
            return f"\n\n{code}\n\n"
        fence = "`" * max([3, *(len(run) + 1 for run in _FENCE.findall(code))])
        return f"\n\n{fence}\n{code}\n{fence}\n\n"

    def convert_div(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """A block of blocks (a <div>, <section>, <aside>...): its blocks."""
        return str(super().convert_div(el, text, parent_tags))  # type: ignore[misc]

    def convert_p(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """A paragraph; in a list item (Zotero's editor puts one in each), a list right
        after it follows on the next line, not after a blank one (which would make the
        list loose: a paragraph for each item)."""
        paragraph = str(super().convert_p(el, text, parent_tags))  # type: ignore[misc]
        after = _next_tag(el)
        if paragraph.endswith("\n\n") and el.parent is not None and el.parent.name == "li" \
                and after is not None and after.name in _LISTS:
            return paragraph[:-1]
        return paragraph

    def convert_list(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """A list; one right in a list is the sublist of the item before it, as browsers
        show it (Zotero 4's editor wrote them so)."""
        parent = el.parent
        if parent is not None and parent.name in _LISTS:
            before = _next_tag(el, back=True)
            if before is not None and before.name == "li":
                indent = " " * len(self._marker(before))
                return "\n" + "\n".join(indent + line if line else line
                                        for line in text.strip("\n").split("\n")) + "\n"
        return str(super().convert_list(el, text, parent_tags))  # type: ignore[misc]

    convert_ul = convert_list
    convert_ol = convert_list

    def convert_li(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """An item, `- ` or numbered (from its list's `start`), its other lines indented
        under it; an item left open (`<li>x<li>y`) ends where the next begins, as in a
        browser, not holding it."""
        own, _, following = text.partition(_ITEM_END)
        own = own.strip()
        marker = self._marker(el)
        indent = " " * len(marker)
        item = marker + "\n".join(
            [own.split("\n")[0], *(indent + line if line else line
                                   for line in own.split("\n")[1:])]) if own else ""
        items = "\n".join(part for part in (item, following.strip("\n")) if part)
        if el.parent is not None and el.parent.name == "li":
            return _ITEM_END + items
        return items + "\n" if items else "\n"

    def _marker(self, item: Any) -> str:
        number = self._numbers.get(id(item))
        return "- " if number is None else f"{number}. "

    def convert_td(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """A cell: its text on one line, each `|` in it escaped (`\\|`: raw, it would end
        the cell, and the row would have a column more), then a `|` for each column it
        spans."""
        cell = _SPACES.sub(" ", text).strip().replace("|", "\\|")
        return " " + cell + " |" * _span(el)

    convert_th = convert_td

    def convert_tr(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """A row; the table's first is its header (Markdown's table has one), with the
        line under it."""
        if not text.strip():
            return ""
        row = "|" + text + "\n"
        if id(el) in self._heads:
            row += "|" + " --- |" * sum(_span(cell) for cell in _cells(el)) + "\n"
        return row


for _block in _BLOCKS:  # (markdownify converts <div>, <article> and <section> alone so)
    setattr(_Converter, f"convert_{_block}", _Converter.convert_div)


def _script(mark: str, text: str, parent_tags: set[str]) -> str:
    """A superscript's (`^`) or subscript's (`_`) text after its mark, braced when it is
    more than one character; in code (`_noformat`) or blank, its text as it is."""
    inner = text.strip()
    if not inner or "_noformat" in parent_tags:
        return text
    return mark + (inner if len(inner) == 1 else f"{{{inner}}}")


def _items(ol: Tag) -> list[Tag]:
    """A numbered list's items in order: its `<li>`s, and those of an item left open."""
    items: list[Tag] = []
    stack = [ol]
    while stack:
        node = stack.pop()
        children = [c for c in node.children if isinstance(c, Tag) and c.name == "li"]
        for child in reversed(children):
            stack.append(child)
        if node is not ol:
            items.append(node)
    return items


def _cells(row: Tag) -> list[Tag]:
    return [c for c in row.children if isinstance(c, Tag) and c.name in ("td", "th")]


def _first_row(table: Tag) -> Tag | None:
    """A table's first row with a cell in it (an empty `<tr>` is no row of Markdown's), in
    it or its head, body or foot; not one of a table inside it."""
    for child in table.children:
        if isinstance(child, Tag) and child.name in ("thead", "tbody", "tfoot", "tr"):
            for row in [child] if child.name == "tr" else child.children:
                if isinstance(row, Tag) and row.name == "tr" and _cells(row):
                    return row
    return None


def _span(cell: Tag) -> int:
    """The columns a cell spans: its `colspan`, 1 to MAX_SPAN."""
    span = str(cell.get("colspan") or "").strip()
    return max(1, min(int(span), MAX_SPAN)) if span.isascii() and span.isdigit() else 1


def _next_tag(node: Any, *, back: bool = False) -> Tag | None:
    """The element next to `node` (before it, `back`), past white space and comments;
    None when text or nothing is."""
    while True:
        node = node.previous_sibling if back else node.next_sibling
        if isinstance(node, Tag) or node is None:
            return node
        if not isinstance(node, PreformattedString) and node.strip():
            return None


def _is_break(node: object) -> bool:
    return isinstance(node, Tag) and node.name == "br"


def _text(node: Tag) -> str:
    """An element's text, white space one space, dropped elements left out (iteratively:
    it is nested deeper than MAX_DEPTH)."""
    parts: list[str] = []
    stack: list[Any] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Tag):
            if item.name == "br":
                parts.append(" ")
            elif item.name not in _DROPPED:
                stack.extend(reversed(item.contents))
        elif isinstance(item, NavigableString) and not isinstance(item, PreformattedString):
            parts.append(str(item))
    return _SPACES.sub(" ", "".join(parts))


# -- a note of more than MAX_TAGS tags: its text ----------------------------------------
# Read with regular expressions, a pass each, none of which reads past the tag it began
# at and then fails (a tag ends at its `>` or where the next `<` begins; a quoted `>` is
# not looked for): the cost is in the characters, not the tags: 0.2 s at MAX_HTML of
# tags, 0.5 s of a lone `<` (each tried by every pass).

_NAME_END = r"(?![^\s/>])"  # (the parser's: a tag's name runs to white space, / or >)
_COMMENTS = re.compile(r"<!--.*?(?:-->|\Z)|<[!?][^<>]*+>?", re.DOTALL)
_DROPPED_ELEMENTS = re.compile(  # with what is in them, to their end tag (or the end)
    rf"<({'|'.join(sorted(_DROPPED - {'embed'}))}){_NAME_END}[^<>]*+(?<!/)>"
    r".*?(?:</\1\s*+>|\Z)", re.DOTALL | re.IGNORECASE)
# The elements that begin a line (and end one).
_LINE_NAMES = sorted({*_BLOCKS, "p", "br", "hr", "blockquote", "pre", "ul", "ol", "li", "dl",
                      "dt", "dd", "table", "caption", "figcaption", "tr"})
_LINE_TAGS = re.compile(rf"</?(?:{'|'.join(_LINE_NAMES)}|h[1-6]){_NAME_END}[^<>]*+>?",
                        re.IGNORECASE)
_CELL_TAGS = re.compile(rf"</?t[dh]{_NAME_END}[^<>]*+>?", re.IGNORECASE)
_TAGS = re.compile(r"</?[a-zA-Z][^<>]*+>?")


def _plain(html: str) -> str:
    """A note's text without its markup: a line for each block (a paragraph, heading,
    list item, table row...), a table's cells a space apart, entities decoded, white
    space one space; comments and what is in a dropped element (a script, a style) left
    out. A comment or dropped element left open runs to the end."""
    text = _DROPPED_ELEMENTS.sub("", _COMMENTS.sub("", html))
    text = _TAGS.sub("", _CELL_TAGS.sub(" ", _LINE_TAGS.sub("\n", _SPACES.sub(" ", text))))
    lines = entities.unescape(text).replace("\xa0", " ").split("\n")
    return "\n".join(line for line in (_SPACES.sub(" ", part).strip() for part in lines)
                     if line)
