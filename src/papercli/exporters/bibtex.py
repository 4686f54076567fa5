"""BibTeX: one @misc entry per paper, arXiv-style (eprint, archivePrefix, primaryClass, doi),
with stable keys; @article with `journal` when arXiv has the paper's journal reference.

Keys are `lastname` + `year` + first significant title word, ASCII letters and digits only
(`touvrel2023llama`; `nd` without a date). Names are transliterated with anyascii, so
`Ødegaard` gives `odegaard`, `Łukasz Nowak` `nowak`, and a name in Chinese, Japanese or
Korean script (written family name first) its romanised family name (`王小明` → `wang`);
`anon` only when the paper has no author whose name has a letter in any script. A Greek
letter standing alone in the title word is its English name, as a person writes the key
(`π^3: ...` → `wang2025pi`, `π0` → `pi0`, `Δ-...` → `delta`); a word in Greek is
transliterated (`λόγος` → `logos`). When several papers in one export share a key, the
one with the oldest arXiv id keeps it and the others get b, c … in arXiv-id order: a key
a paper had in one .bib file is the key it has in the next, however many newer papers
share it there (a `\\cite{...}` stays right), and it never depends on the order of the
listing. Only an older paper with the same key joining an export moves the later ones a
letter on.

`url` is the arXiv abstract page (a citation should point at the paper, not at a
discussion page). The abstract is `abstract` (unless --no-abstract; a blank line between
its paragraphs, LaTeX's paragraph break) and your tags
`keywords`, as Zotero and Better BibTeX write them; `papers import` reads them back. Your
note is left out: a .bib file is shared with a paper's sources, and a note is private.
Maths in a title or abstract is kept as maths (`$O(n)$`, `$\\alpha$`), a `$` being maths
only as pandoc reads it, so "$60 GPUs and $200" is money (`_tex`). Greek letters and maths
signs are LaTeX's commands (`\\ensuremath{\\pi}0`): pdfLaTeX stops on a "π" it reads as
UTF-8. Values are otherwise LaTeX-escaped with brace-free replacements for braces and
backslashes, so no title can unbalance an entry, and `<`, `>` and `|` are `\\textless{}` and
so on, which pdfLaTeX's default fonts would print as ¡, ¿ and —; the title is double-braced
to keep its capitalisation. LaTeX's own escapes in arXiv's text (`97.3\\%`, `R\\&D`) are
kept as they are: the bibliography prints "97.3%"; its other markup outside maths (accents,
spacing, a style's text: `plain`) is written as the text it prints, so an entry never prints
the commands as `\\textbackslash{}"Ust\\"un`. The file is UTF-8.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from papercli.exporters import Context, Section, chain, plain, tex_pieces
from papercli.latex import ACCENT_OF, LETTER_OF
from papercli.models import Paper
from papercli.names import is_cjk_name, is_group, split_name
from papercli.sanitize import clean_block, clean_line

# fmt: off
STOPWORDS = frozenset({
    "a", "an", "the", "on", "of", "in", "for", "to", "and", "or", "with", "via", "from",
    "by", "at", "is", "are", "as", "towards", "toward", "into", "do", "does", "can", "we",
    "our", "your", "how", "what", "when", "why", "which",
})
# fmt: on
# Name parts that are not the surname: "Martin Luther King Jr." files under "king".
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd"})
_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
    # pdfLaTeX's default (OT1) fonts print <, > and | as ¡, ¿ and —: "Let's ¡think¿".
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
# arXiv's titles and abstracts are LaTeX that the Hub passes on: "97.3\%", "R\&D",
# "\$400K". An escape of LaTeX's own (\% \& \$ \_ \#) is written as it is, so the
# bibliography prints "97.3%", not "97.3\%".
_TEX_ESCAPED = {rf"\{c}": rf"\{c}" for c in "%&$_#"}
_SPECIAL_RE = re.compile("|".join(re.escape(k) for k in (*_TEX_ESCAPED, *_SPECIAL)))
_REPLACE = _TEX_ESCAPED | _SPECIAL
# BibTeX splits an author list on an "and" between spaces, in any case: a name that
# starts or ends with one ("and Lei Bao") makes "and and", an empty name, too.
_AND = re.compile(r"(?:^|\s)and(?:\s|$)", re.IGNORECASE)


def latex_escape(text: str | None, max_len: int = 5000) -> str:
    return _escaped(clean_line(text, max_len))


def _escaped(text: str) -> str:
    return _SPECIAL_RE.sub(lambda m: _REPLACE[m.group(0)], text)


# In maths a `%` starts a comment (which would swallow the closing `$` and the entry's
# brace), `#` and `&` are errors: each gets its backslash, unless it has one.
_MATH_SPECIAL = re.compile(r"(?<!\\)((?:\\\\)*)([%#&])")
# What no formula needs and a compiled bibliography would obey, in text from the internet:
# reading or writing files, defining commands, changing what a character means (`^^5c` is
# a backslash), looping, ending a paragraph (an error inside maths). Maths holding one is text.
_UNSAFE_TEX = re.compile(
    r"\^\^|\\(?:input|include|includeonly|InputIfFileExists|endinput|openin|openout|"
    r"read|readline|write|immediate|special|directlua|latelua|luaexec|def|edef|gdef|xdef|"
    r"let|futurelet|catcode|csname|scantokens|expandafter|newcommand|renewcommand|"
    r"providecommand|DeclareRobustCommand|usepackage|RequirePackage|documentclass|"
    r"makeatletter|uppercase|lowercase|par|pdfprimitive|primitive|loop|lstinputlisting|"
    r"verbatiminput|VerbatimInput|includegraphics)(?![A-Za-z])")


def _tex(text: str) -> str:
    """arXiv's text as a BibTeX value: maths (`$O(n)$`, `$\\alpha$`, `\\(x\\)`) as it is,
    so the bibliography prints the formula; everything else as the text it prints
    (`plain`), escaped. A `$` that opens no maths ("$60", "1$", a lone "$x") is a
    dollar sign, `\\$`; so is "maths" whose braces do not pair, which would unbalance the
    entry or stop LaTeX, or that holds a command `_UNSAFE_TEX` names."""
    if "$" not in text and "\\" not in text:  # (most titles: no maths, no markup)
        return _commands(_escaped(text))
    out: list[str] = []
    for maths, piece in tex_pieces(text):
        if maths and _balanced(piece) and not _UNSAFE_TEX.search(piece):
            out.append(_commands(_MATH_SPECIAL.sub(r"\1\\\2", piece)))
        else:
            out.append(_commands(_escaped(piece if maths else plain(piece))))
    return "".join(out)


# Characters pdfLaTeX's UTF-8 input knows nothing of: a title with "π0" stopped the build
# ("Unicode character π (U+03C0) not set up for use with LaTeX"). Greek letters and maths
# signs are written as LaTeX's commands in \ensuremath (text or maths alike: `\ensuremath{
# \pi}0` prints π0), which `papers import` reads back as the character.
_MATHS_NAMES = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho "
    "varsigma sigma tau upsilon varphi chi psi omega vartheta varpi varrho phi Gamma Delta "
    "Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega leq geq neq approx rightarrow "
    "leftarrow leftrightarrow Rightarrow infty sim in subset subseteq cup cap sum partial "
    "nabla forall exists ll gg circ oplus otimes equiv propto")
_UNICODE_MATHS = dict(zip("αβγδεζηθικλμνξπρςστυφχψωϑϖϱϕΓΔΘΛΞΠΣΥΦΨΩ≤≥≠≈→←↔⇒∞∼∈⊂⊆∪∩∑∂∇∀∃≪≫∘⊕⊗≡∝",
                          _MATHS_NAMES.split(), strict=True))
_UNICODE_MATHS_RE = re.compile("[" + "".join(_UNICODE_MATHS) + "]")


def _commands(text: str) -> str:
    """`text` with each character of `_UNICODE_MATHS` as its command."""
    return _UNICODE_MATHS_RE.sub(lambda m: rf"\ensuremath{{\{_UNICODE_MATHS[m.group(0)]}}}",
                                 text)


# Where the stream a .bib goes to is not UTF-8 (`output.write_document`): a letter with
# accents as LaTeX's accent commands (`{\"u}`, `{\c{c}}`, `{\'\i}`), the letters LaTeX
# has commands for as those (`{\ss}`, `{\l}`): what bibtex users write, and what every
# reader of a .bib (`papers import` too) reads back as the letter.
# (a letter and the marks after it: "u" + U+0308 is a "ü" too)
_NOT_ASCII = re.compile("(?:[^\x00-\x7f]|[A-Za-z](?=[\u0300-\u036f]))[\u0300-\u036f]*")


def ascii_tex(text: str) -> str:
    """BibTeX text with its accented letters as LaTeX's accents (`Müller` → `M{\\"u}ller`,
    `Çelik` → `{\\c{C}}elik`), only where a character is not ASCII; a character LaTeX
    has no such command for (`沈`, `°`) is kept as it is."""
    if text.isascii():
        return text
    return _NOT_ASCII.sub(_tex_letter, text)


def _tex_letter(match: re.Match[str]) -> str:
    char = match.group()
    if char in LETTER_OF:
        return rf"{{\{LETTER_OF[char]}}}"
    decomposed = unicodedata.normalize("NFD", char)
    # One accent on an ASCII letter; an accent on an accent (Vietnamese "ễ") is left as it
    # is: `papers import` would read "{\~{\^e}}" back as "ỹê".
    if len(decomposed) != 2 or not decomposed[0].isascii() or not decomposed[0].isalpha() \
            or decomposed[1] not in ACCENT_OF:
        return char
    base, accent = decomposed[0], ACCENT_OF[decomposed[1]]
    # A dotless i or j under an accent above it: {\'\i}, as LaTeX writes í.
    if base in "ij" and decomposed[1] not in "\u0323\u0327\u0328\u0331":
        base = rf"\{base}"
    # {\"u}, the usual form; a named accent's letter in braces: {\c{c}}
    return rf"{{\{accent}{{{base}}}}}" if accent.isalpha() else rf"{{\{accent}{base}}}"


_NOT_BRACE = re.compile(r"[^{}]")
_NOT_TEX_BRACE = re.compile(r"\\.|[^{}]")


def _balanced(tex: str) -> bool:
    """Whether the braces of `tex` pair, both as BibTeX counts them (every brace, `\\{`
    too) and as TeX does (a brace without a backslash)."""
    for braces in (_NOT_BRACE.sub("", tex), _NOT_TEX_BRACE.sub("", tex)):
        depth = 0
        for brace in braces:
            depth += 1 if brace == "{" else -1
            if depth < 0:
                return False
        if depth:
            return False
    return True


def _paragraphs(text: str) -> str:
    """An abstract as BibTeX text (`_tex`), its paragraphs kept: a blank line between two,
    which is a paragraph break (`\\par`) to LaTeX and what `papers import` reads back as
    one. A paragraph starting with `@` has it braced (`{@}`, still an "@"): at a line's
    start a reader that scans for entries would take "@misc(..." for one."""
    paragraphs = (_tex(p) for p in clean_block(text, 20000).split("\n\n") if p)
    return "\n\n".join("{@}" + p[1:] if p.startswith("@") else p for p in paragraphs)


# arXiv's categories: "cs.CL", "hep-th", "math.AG", "astro-ph.SR".
_CATEGORY = re.compile(r"[a-z][a-z-]{0,19}(?:\.[A-Za-z][A-Za-z-]{0,9})?")
# A DOI is a verbatim field (biblatex, hyperref's \doi): never escaped, so one that a
# LaTeX run or a .bib reader could misread (a brace, backslash, % or space) is left out.
_DOI = re.compile(r"10\.[0-9]{4,9}/[^\s{}\\%#]{1,250}")


def _doi(paper: Paper) -> str:
    """The publisher's DOI when arXiv knows one, else arXiv's own (10.48550/arXiv.ID)."""
    from papercli.exporters.csljson import ARXIV_DOI_PREFIX

    for doi in (clean_line(paper.doi or "", 300), ARXIV_DOI_PREFIX + paper.id):
        if _DOI.fullmatch(doi):
            return doi
    return ""


def _ascii(text: str) -> str:
    """Lowercase ASCII for any script (anyascii: Ø → O, 王 → Wang, 김 → Gim)."""
    from anyascii import anyascii

    return str(anyascii(text)).lower()


_NOT_LETTER = re.compile(r"[^a-z]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_LETTER = re.compile(r"[a-z]")
_NOT_WORD = re.compile(r"[\W_]+")


def _surname(name: str) -> str:
    if "," in name:  # "Touvrel, Hugo": BibTeX's own "Last, First" form
        name = name.split(",", 1)[0]
    if is_cjk_name(name):  # family name first, usually without a space
        tokens = name.split()
        first = tokens[0] if len(tokens) > 1 else name.strip()[:1]
        letters = _NOT_LETTER.sub("", _ascii(first))
        if letters:
            return letters
    for token in reversed(name.split()):
        letters = _NOT_LETTER.sub("", _ascii(token))
        if letters and letters not in _SUFFIXES:
            return letters
    return ""


def _last_name(authors: Sequence[str]) -> str:
    """The first author's surname; the next author's when the first has no letters."""
    for author in authors[:50]:
        found = _surname(clean_line(author, 300))
        if found:
            return found
    return "anon"


def _first_word(title: str) -> str:
    for token in _NOT_WORD.split(clean_line(title, 1000)):
        word = _NOT_ALNUM.sub("", _ascii(_greek_named(token)))
        if _LETTER.search(word) and word not in STOPWORDS:
            return word
    return "paper"


# A Greek letter's name as Unicode gives it ("GREEK SMALL LETTER PI", "GREEK CAPITAL
# LETTER DELTA", "... FINAL SIGMA"); Unicode spells lambda "LAMDA".
_GREEK_LETTER = re.compile(r"GREEK (?:SMALL |CAPITAL )?LETTER (?:FINAL )?([A-Z]+)")
_UNICODE_SPELLING = {"lamda": "lambda"}


def _unicode_name(char: str) -> str:
    """The name of `char` as the letter it stands for: the maths forms `ϕ`, `𝜋` and the
    micro sign `µ` are named as `φ`, `π` and `μ`."""
    return unicodedata.name(unicodedata.normalize("NFKC", char)[:1] or char, "")


def _greek_named(token: str) -> str:
    """`token` with each Greek letter that stands alone, as a symbol (`π0`, `μP`, `τ`),
    written as its English name, as a person writes the key (`wang2025pi`, where
    anyascii gives `wang2025p`). A run of Greek letters is a word in Greek and keeps its
    transliteration (`λόγος` → `logos`); an accent goes with the letter it is on."""
    if token.isascii():
        return token
    letters: list[str] = []  # each a character and the accents after it
    for char in token:
        if letters and unicodedata.combining(char):
            letters[-1] += char
        else:
            letters.append(char)
    greek = [_unicode_name(c[0]).startswith("GREEK") for c in letters]
    out: list[str] = []
    for i, letter in enumerate(letters):
        found = _GREEK_LETTER.fullmatch(_unicode_name(letter[0]))
        alone = not (i and greek[i - 1]) and not (i + 1 < len(letters) and greek[i + 1])
        if found and alone:
            name = found.group(1).lower()
            out.append(_UNICODE_SPELLING.get(name, name))
        else:
            out.append(letter)
    return "".join(out)


def _year(paper: Paper) -> str:
    stamp = paper.cited_date or ""
    return stamp[:4] if len(stamp) >= 4 and stamp[:4].isdigit() else "nd"


def base_key(paper: Paper) -> str:
    return f"{_last_name(paper.authors)}{_year(paper)}{_first_word(paper.title)}"


def keys(papers: Iterable[Paper]) -> list[str]:
    """A unique key per paper. Of papers sharing a key the oldest arXiv id keeps it and
    the others get b, c … in id order, so exporting more papers never changes the key of
    one that sorts before them (a paper's key in refs.bib stays what it was when it was
    exported alone: every paper got a suffix, so adding its namesake renamed it)."""
    bases: list[str] = []
    ids: list[str] = []
    for paper in papers:
        bases.append(base_key(paper))
        ids.append(paper.id)
    groups: dict[str, list[int]] = {}
    for i, key in enumerate(bases):
        groups.setdefault(key, []).append(i)
    out = list(bases)
    taken = set(bases)
    for key, members in groups.items():
        if len(members) < 2:
            continue
        for n, i in enumerate(sorted(members, key=lambda i: (_id_order(ids[i]), i))):
            if n == 0:
                continue  # the oldest keeps the plain key
            suffix = _suffix(n)
            candidate = key + suffix
            while candidate in taken:  # "smith2024llamab" might be someone's base key
                suffix += "x"
                candidate = key + suffix
            taken.add(candidate)
            out[i] = candidate
    return out


def _id_order(paper_id: str) -> tuple[str, str]:
    """arXiv ids oldest first: an old-style id (`hep-th/9901001`, up to March 2007) by its
    yymm and number, before every new-style one (`0704.0001` on)."""
    archive, slash, number = paper_id.rpartition("/")
    if slash and number[:7].isdigit():
        return ("0", number + archive)
    return ("1", paper_id)


def _suffix(n: int) -> str:
    """1 → b, 25 → z, 26 → aa: as many as needed (0, a, is left out: the oldest paper of
    a key keeps it plain)."""
    letters = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


# Names an export keeps the BibTeX form of: an author of many papers is worked out once
# (the real archive's 101,000 names are 41,000 people), and the memory held stays bounded
# on a library of any size.
_NAMES_KEPT = 50_000


@lru_cache(maxsize=_NAMES_KEPT)
def _author(name: str) -> str:
    """One name, braced whole when BibTeX would misread it ("R and D Team", "and Lei Bao",
    "A, B, C, D") or split a group's into a person's ("Kimi Team", cited as "Team, K.");
    one with a suffix in BibTeX's "King, Jr., Martin Luther" (as "Martin Luther King
    Jr.", BibTeX takes "Jr." for the surname: "Jr., M. L. K."), and one whose family name
    is not its last word (`王 小明`, family name first) in BibTeX's "Last, First"."""
    text = latex_escape(name)
    clean = clean_line(name, 300)
    if _AND.search(text) or text.count(",") > 2 or is_group(clean):
        return "{" + text + "}"
    parts = split_name(clean) if "," not in text else {}
    if parts.get("suffix") and parts.get("given"):
        return ", ".join(latex_escape(parts[k]) for k in ("family", "suffix", "given"))
    as_written = " ".join(clean.split())
    if parts.get("given") and f"{parts['given']} {parts['family']}" != as_written:
        return ", ".join(latex_escape(parts[k]) for k in ("family", "given"))
    # BibTeX and the name's words agree on where the family name starts unless a hyphen
    # or a tie joins words, or a letter is not ASCII (most names: neither)
    if "," not in text and not (as_written.isascii() and "-" not in as_written
                                and "~" not in as_written):
        meant = _family_start(as_written, bibtex=False)
        if meant and meant != _family_start(as_written):  # ("Yu-fan Qiao", "Özgür Temizer")
            family = as_written[meant:]
            braced = _last_start(family, bibtex=False) != _last_start(family)
            family = latex_escape(family)  # ("Montoya-de-Albarral": von "Montoya-de")
            return (f"{{{family}}}" if braced else family) \
                + f", {latex_escape(as_written[:meant].rstrip())}"
    return text


# Where BibTeX's name parser splits a token: a space, a hyphen or a tie at brace level 0;
# where a word ends.
_NAME_TOKEN = re.compile(r"[^\s~-]+")
_WORD = re.compile(r"\S+")


def _tokens(name: str, *, bibtex: bool) -> list[re.Match[str]]:
    return list((_NAME_TOKEN if bibtex else _WORD).finditer(name))


def _lower(token: str, *, bibtex: bool) -> bool:
    """A von token: its first letter is lower case (BibTeX's first ASCII letter, as
    bibtex.web's von_token_found has it: "Ö" is two bytes that are no letter to it)."""
    letters = (c for c in token if c.isalpha() and (c.isascii() or not bibtex))
    return next(letters, "").islower()


def _family_start(name: str, *, bibtex: bool = True) -> int:
    """Where the family name (its "von" particles and its last name) of a "First von Last"
    name starts, as BibTeX reads it (`bibtex`: tokens split at hyphens too, their case
    from ASCII letters) or as the name means it (words, told by their first letter). They
    differ for "Yu-fan Qiao" (BibTeX: First "Yu", von "gang") and "Özgür Temizer" (the
    "z" makes "Özgür" von: no first name), which "Last, First" keeps whole, since BibTeX
    takes everything after the comma as the first name."""
    tokens = _tokens(name, bibtex=bibtex)
    for at in range(len(tokens) - 1):  # the first lower-case token before the last
        if _lower(tokens[at].group(), bibtex=bibtex):
            return tokens[at].start()
    at = len(tokens) - 1  # none: the last token, with those a hyphen joins to it
    while at > 0 and name[tokens[at - 1].end():tokens[at].start()] == "-":
        at -= 1
    return tokens[at].start() if tokens else 0


def _last_start(family: str, *, bibtex: bool = True) -> int:
    """Where the last name of a "von Last" family name (before the comma of "Last,
    First") starts: after its last lower-case token but the final one ("de la Rosa":
    "Rosa"); BibTeX's "Montoya-de-Albarral" has von "Montoya-de", which braces keep
    whole."""
    tokens = _tokens(family, bibtex=bibtex)
    for at in range(len(tokens) - 2, -1, -1):
        if _lower(tokens[at].group(), bibtex=bibtex):
            return tokens[at + 1].start()
    return 0


_DAY = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")


def entry(paper: Paper, key: str, tags: Sequence[str] = (), *, abstract: bool = False
          ) -> str:
    """One entry; `abstract` adds the abstract (biblatex's field, which reference managers
    read)."""
    names = [n for n in (_author(a) for a in paper.authors) if n]
    fields = [("title", "{" + _tex(clean_line(paper.title, 5000)) + "}")]
    if names:
        fields.append(("author", " and ".join(names)))
    year = _year(paper)
    if year != "nd":  # the key says "nd"; the entry just has no year
        fields.append(("year", year))
        day = (paper.cited_date or "")[:10]
        # biblatex's: the day (or the id's month, all that is known) comes back
        if _DAY.fullmatch(day):
            fields.append(("date", day))
    fields += [
        ("eprint", latex_escape(paper.id)),
        ("archivePrefix", "arXiv"),
    ]
    category = clean_line(paper.primary_category or "", 40)
    if _CATEGORY.fullmatch(category):  # biblatex's eprintclass: "arXiv:ID [cs.CL]"
        fields.append(("primaryClass", category))
    journal = latex_escape(paper.journal_ref or "", 500)
    if journal:
        fields.append(("journal", journal))
    doi = _doi(paper)
    if doi:
        fields.append(("doi", doi))
    fields.append(("url", latex_escape(paper.arxiv_url)))
    if tags:  # your tags, as reference managers read `keywords` (papers import too)
        fields.append(("keywords", latex_escape(", ".join(tags))))
    if abstract and paper.summary:
        fields.append(("abstract", _paragraphs(paper.summary)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    kind = "article" if journal else "misc"  # @misc's styles print no journal
    return f"@{kind}{{{key},\n{body},\n}}\n"


def stream(sections: Sequence[Section], ctx: Context, fmt: str = "bibtex") -> Iterator[str]:
    """Keys need every paper first (collisions), so the papers are read twice: once for
    the keys (a short string each), once for the entries."""
    papers = chain(sections)
    all_keys = keys(papers)
    if not all_keys:
        # BibTeX's comment command, which every reader (papers import too) takes for a
        # file of no entries; a "%" line was refused by the import as no format it reads.
        yield "@comment{papercli: no papers}\n"
        return
    from papercli.exporters.csljson import tags_of

    try:
        for n, (paper, key) in enumerate(zip(papers, all_keys, strict=True)):
            yield ("\n" if n else "") + entry(paper, key, tags_of(paper, ctx),
                                              abstract=ctx.abstract)
    finally:  # (a long-lived process, `papers mcp`, holds no export's names after it)
        _author.cache_clear()
