"""Markdown for note apps: maths kept as maths (markdown-it-py + dollarmath), #tags, YAML
front matter, and `papers export --split DIR` (one note per paper, never outside DIR)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

from papercli.exporters import render, untex
from papercli.exporters.markdown import front_matter, tag_slug
from papercli.exporters.notes import file_name, slug
from papercli.models import Paper
from papercli.sanitize import clean_block, clean_line
from test_exporters import ENDPOINT, HOSTILE_TITLES, NOW, SEED, hostile_papers, odd_papers

MATHS = (
    r"We minimise $\mathcal{L}_{\text{KL}}$ between $p_\theta$ and $q$, with "
    r"\(\alpha_1 * \beta_2\) small and $x<y$. "
    r"$$E = mc^2 \cdot \frac{a}{b}$$ "
    r"and also \[\sum_{i=1}^{n} i^{*}\] for all n."
)
INLINE = [r"\mathcal{L}_{\text{KL}}", r"p_\theta", "q", r"\alpha_1 * \beta_2", "x<y"]
DISPLAY = [r"E = mc^2 \cdot \frac{a}{b}", r"\sum_{i=1}^{n} i^{*}"]


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").use(dollarmath_plugin)


def maths(text: str) -> tuple[list[str], list[str]]:
    inline: list[str] = []
    blocks: list[str] = []
    for token in parser().parse(text):
        if token.type == "math_block":
            blocks.append(token.content.strip())
        for child in token.children or []:
            if child.type == "math_inline":
                inline.append(child.content)
    return inline, blocks


def texts(tokens: list[Token]) -> str:
    return " ".join(c.content for t in tokens if t.type == "inline"
                    for c in t.children or [] if c.type == "text")


def headings(text: str, tag: str = "h2") -> list[Token]:
    """Headings of the document; front matter, if any, read as front matter (as note apps
    do: in bare CommonMark its closing `---` would make the last line a setext heading)."""
    from mdit_py_plugins.front_matter import front_matter_plugin

    tokens = parser().use(front_matter_plugin).parse(text)
    return [tokens[i + 1] for i, t in enumerate(tokens)
            if t.type == "heading_open" and t.tag == tag]


def paper(summary: str, **kw: Any) -> Paper:
    return SEED[0]._replace(summary=summary, **kw)


def test_maths_in_abstracts_stays_maths() -> None:
    text = render([paper(MATHS)], "md", title="t", endpoint=ENDPOINT)
    inline, blocks = maths(text)
    assert inline == INLINE and blocks == DISPLAY  # the exact TeX, delimiters normalised
    assert len(headings(text)) == 1
    # Around the maths, everything is still escaped text.
    words = texts(parser().parse(text))
    assert "We minimise" in words and "small and" in words and "for all n." in words
    # Without the extension it is still CommonMark with one heading and no stray markup.
    plain = MarkdownIt("commonmark").parse(text)
    assert sum(1 for t in plain if t.type == "heading_open" and t.tag == "h2") == 1
    assert not {t.type for t in plain} & {"html_block", "code_block", "fence"}


@pytest.mark.parametrize("summary", [
    "It costs $5 and $10 a month.",          # money, not maths
    "An unbalanced $x dollar.",
    "A lone $ and another $ ",                # spaces inside: not maths
    r"Escaped \$x\$ dollars.",
    "Hostile $<script>alert(1)</script>$ maths.",
    "Code $`rm -rf`$ and link $[x](y)$.",
    "Trailing backslash $a\\$ here.",
])
def test_not_maths_falls_back_to_escaping(summary: str) -> None:
    text = render([paper(summary)], "md", title="t", endpoint=ENDPOINT)
    inline, blocks = maths(text)
    assert inline == [] and blocks == [], (summary, text)
    tokens = parser().parse(text)
    # what a reader sees is what was written, LaTeX's escapes read ("\$" is a dollar)
    assert untex(clean_block(summary)) in texts(tokens)
    kinds = {c.type for t in tokens if t.type == "inline" for c in t.children or []}
    assert not kinds & {"html_inline", "code_inline", "image"}
    assert sum(1 for t in tokens if t.type == "link_open") == 0 or "[x](y)" not in texts(tokens)


def test_titles_and_tldr_are_always_escaped() -> None:
    p = paper("x", title="A $\\alpha$ title *x*", ai_summary="TL;DR with $y$")
    text = render([p], "md", title="t")
    (heading,) = headings(text)
    assert heading.content.startswith("[A \\$\\\\alpha\\$ title")
    inline, _ = maths(text)
    assert inline == []


def test_hostile_abstracts_with_maths_keep_one_heading_per_paper() -> None:
    papers = [p._replace(summary=p.summary + " " + MATHS + " $ { } ]]>") for p in hostile_papers()]
    text = render(papers, "md", title="t", endpoint=ENDPOINT)
    assert [len(h.children or []) > 0 for h in headings(text)] == [True] * len(papers)
    inline, blocks = maths(text)
    assert inline == INLINE * len(papers) and blocks == DISPLAY * len(papers)


# -- #tags ---------------------------------------------------------------------------------


def test_md_tags() -> None:
    p = SEED[0]._replace(families=("LLaMA", "Stable Diffusion", "Segment Anything", "`x` y"))
    text = render([p], "md", title="t", md_tags=True)
    meta = next(line for line in text.splitlines() if " · ▲ " in line)
    assert meta.endswith("#LLaMA #Stable-Diffusion #Segment-Anything #x-y")
    assert "`" not in meta
    tokens = parser().parse(text)
    assert len(headings(text)) == 1 and "#LLaMA #Stable-Diffusion" in texts(tokens)
    assert tag_slug("123") == "" and tag_slug("Qwen2.5-VL") == "Qwen2-5-VL"
    assert tag_slug("王 model") == "王-model"


# -- front matter --------------------------------------------------------------------------


def read_front_matter(text: str) -> dict[str, Any]:
    """A strict reader for what we write (no YAML library is installed): `---`, then
    `key: value` lines where a value is a bare YYYY-MM-DD date, `true`, or JSON (YAML's
    double-quoted scalars and flow sequences), then `---`."""
    lines = text.split("\n")
    assert lines[0] == "---"
    end = lines.index("---", 1)
    out: dict[str, Any] = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(": ")
        assert sep and re.fullmatch(r"[a-z]+", key), line
        assert key not in out
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            out[key] = value
        elif value == "true":  # (a flag: YAML's boolean; only ever written true)
            out[key] = True
        else:
            assert value[0] in '"[', line  # always quoted: no YAML surprise (no, yes, 1e3)
            out[key] = json.loads(value)
    return out


def test_front_matter_for_a_document() -> None:
    papers = [SEED[0], SEED[1]._replace(families=("LLaVA", "Stable Diffusion"))]
    text = render(papers, "md", title='Digest: "x" # y', generated_at=NOW,
                  front_matter=True, md_tags=True, watches=("llava", "quant"))
    data = read_front_matter(text)
    assert data == {
        "title": 'Digest: "x" # y',
        "date": "2026-11-25",
        "ids": [SEED[0].id, SEED[1].id],
        "families": list(dict.fromkeys([*SEED[0].families, "LLaVA", "Stable Diffusion"])),
        "tags": [tag_slug(f) for f in dict.fromkeys(
            [*SEED[0].families, "LLaVA", "Stable Diffusion"])],
        "watches": ["llava", "quant"],
    }
    body = text.split("\n---\n", 1)[1]
    assert len(headings(body)) == 2  # the front matter is not a setext heading or a rule
    from mdit_py_plugins.front_matter import front_matter_plugin

    tokens = MarkdownIt("commonmark").use(front_matter_plugin).parse(text)
    assert tokens[0].type == "front_matter"


@pytest.mark.parametrize("title", [*HOSTILE_TITLES, "no", "yes: no", "---", "1e3",
                                   "\u2028line\u2029sep\ufeff", '"quoted" \\ back'])
def test_front_matter_values_survive_hostile_titles(title: str) -> None:
    text = front_matter([("title", title), ("ids", [title, "2401.00001"]), ("date", "2026-11-25")])
    data = read_front_matter(text)
    expected = clean_line(title).replace("\u2028", "").replace("\u2029", "").replace("\ufeff", "")
    assert data["title"] == expected and data["ids"] == [expected, "2401.00001"]
    assert text.count("\n") == 6 and text.endswith("\n---\n\n")


def test_front_matter_via_the_command_line(library) -> None:
    result = library("export", "--family", "LLaVA", "--front-matter", "--md-tags")
    assert result.exit_code == 0, result.stderr
    data = read_front_matter(result.stdout)
    assert data["title"] == "Papers · family LLaVA" and data["date"] == "2026-11-25"
    assert len(data["ids"]) == len(headings(result.stdout)) > 0
    assert "LLaVA" in data["tags"]


# -- export --split ------------------------------------------------------------------------


def test_file_names_from_id_and_slug() -> None:
    assert slug("LLaMA Beyond English: An Empirical Study") == (
        "llama-beyond-english-an-empirical-study")
    assert slug("Ødegaard's 王 model") == "odegaard-s-wang-model"
    assert file_name(SEED[0]._replace(id="2401.01055", title="A / B .. C")) == (
        "2401.01055-a-b-c.md")
    assert file_name(SEED[0]._replace(id="hep-th/9901001", title="../../etc/passwd")) == (
        "hep-th_9901001-etc-passwd.md")
    assert file_name(SEED[0]._replace(title="///")) == f"{SEED[0].id}.md"
    assert len(slug("word " * 100)) <= 60


def test_split_writes_one_note_per_paper(library, tmp_path: Path) -> None:
    vault = tmp_path / "vault" / "papers"
    result = library("export", "--split", str(vault), "--front-matter", "--md-tags")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and "wrote 19 notes" in result.stderr
    notes = sorted(vault.iterdir())
    assert len(notes) == 19
    for note in notes:
        text = note.read_text(encoding="utf-8")
        data = read_front_matter(text)
        assert note.name.startswith(data["id"] + "-") and note.suffix == ".md"
        assert note.name == file_name(SEED[0]._replace(id=data["id"], title=data["title"]))
        h1 = headings(text, "h1")
        assert len(h1) == 1 and not headings(text)  # one heading: the paper
    again = library("export", "--split", str(vault))
    assert again.exit_code == 1 and "19 notes" in again.stderr and "--force" in again.stderr
    # The hint does not make --force sound like it loses what you wrote in the notes.
    assert "overwrite" not in again.stderr and "your words are kept" in again.stderr
    forced = library("export", "--split", str(vault), "--force")
    assert forced.exit_code == 0 and len(list(vault.iterdir())) == 19
    assert not notes[0].read_text(encoding="utf-8").startswith("---\n")  # not asked for


def test_split_never_writes_outside_the_folder(library, home, tmp_path: Path) -> None:
    evil = [{"paper": {"id": "2401.66666", "title": "../../../outside/escape",
                       "summary": "x", "authors": [{"name": "A B"}]}},
            {"paper": {"id": "2401.66667", "title": "/etc/passwd", "summary": "y"}}]
    src = tmp_path / "evil.json"
    src.write_text(json.dumps(evil), encoding="utf-8")
    assert library("import", str(src)).exit_code == 0
    vault = tmp_path / "vault"
    vault.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "planted.md"
    # A link planted in the vault with the name a note will get: never written through.
    name = file_name(SEED[0]._replace(id="2401.66667", title="/etc/passwd"))
    os.symlink(target, vault / name)
    result = library("export", "--split", str(vault), "--force")
    assert result.exit_code == 1 and "symbolic link" in result.stderr
    assert not target.exists() and list(outside.iterdir()) == []
    assert [p.name for p in vault.iterdir()] == [name]  # nothing written: checked first
    (vault / name).unlink()
    ok = library("export", "--split", str(vault))
    assert ok.exit_code == 0, ok.stderr
    names = {p.name for p in vault.iterdir()}
    assert "2401.66666-outside-escape.md" in names and name in names
    assert all(Path(os.path.realpath(vault / n)).parent == vault.resolve() for n in names)
    assert list(outside.iterdir()) == [] and not (tmp_path / "escape").exists()


def test_split_usage_errors(library, tmp_path: Path) -> None:
    bad = library("export", "--split", str(tmp_path / "v"), "--format", "json")
    assert bad.exit_code == 2 and "--split" in bad.stderr
    both = library("export", "--split", str(tmp_path / "v"), "-o", str(tmp_path / "x.md"))
    assert both.exit_code == 2
    afile = tmp_path / "file"
    afile.write_text("x")
    notdir = library("export", "--split", str(afile))
    assert notdir.exit_code in (1, 2) and "Traceback" not in notdir.stderr
    assert afile.read_text() == "x"


def test_odd_papers_as_notes() -> None:
    from papercli.exporters import Context
    from papercli.exporters.markdown import note

    for p in odd_papers() + hostile_papers():
        text = note(p, Context(title="t", front_matter=True, md_tags=True))
        assert read_front_matter(text)["id"] == p.id
        assert len(headings(text.split("\n---\n", 1)[1], "h1")) == 1


# -- any text at all ---------------------------------------------------------------------------


ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=200) | st.sampled_from(
    ["]]>", "<![CDATA[", "$", "$$", "\\(", "{", "}", "<script>", "&amp;", "\x00", "\ufffe"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=ANY_TEXT, summary=ANY_TEXT, author=ANY_TEXT, family=ANY_TEXT)
def test_any_text_makes_a_valid_note(title: str, summary: str, author: str,
                                            family: str) -> None:
    paper = SEED[0]._replace(title=title or "x", summary=summary, authors=(author,),
                             families=(family,), ai_summary=summary or None)
    text = render([paper, SEED[1]], "md", title=title, front_matter=True, md_tags=True)
    assert len(headings(text)) == 2
    read_front_matter(text)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_hand_edits_saved_with_windows_line_ends_survive_force(library, tmp_path: Path,
                                                               newline: str) -> None:
    """An editor that saves with CRLF (Notepad, an editor set to Windows line ends) must
    not make `--split --force` take the file for one papercli never wrote."""
    vault = tmp_path / "vault"
    pid = SEED[0].id
    assert library("note", pid, "-m", "First thought.").exit_code == 0
    assert library("export", "--split", str(vault), pid).exit_code == 0
    [path] = [p for p in vault.iterdir() if p.name.startswith(pid + "-")]
    text = path.read_text(encoding="utf-8") + "\nMy own words, typed in the vault.\n"
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    assert library("note", pid, "-m", "Changed later.").exit_code == 0
    again = library("export", "--split", str(vault), pid, "--force")
    assert again.exit_code == 0, again.stderr
    kept = path.read_text(encoding="utf-8")
    assert "First thought." in kept and "My own words, typed in the vault." in kept
    assert "Changed later." not in kept and kept.count("papercli:note") == 1
    # Untouched (only its line ends changed): the note as it is now.
    untouched = path.read_text(encoding="utf-8").replace(
        "My own words, typed in the vault.\n", "")
    path.write_bytes(untouched.replace("\n", newline).encode("utf-8"))
    third = library("export", "--split", str(vault), pid, "--force")
    assert third.exit_code == 0, third.stderr
    assert path.read_text(encoding="utf-8").rstrip().endswith("Changed later.")


def test_hand_edits_saved_in_a_windows_code_page_keep_their_letters(library,
                                                                   tmp_path: Path) -> None:
    """An editor set to Windows-1252 saves "café" with the one byte \\xe9: `--split
    --force` wrote the kept words back with "\ufffd" in place of each such letter; now
    they are written back as the same letters, in UTF-8."""
    vault = tmp_path / "vault"
    pid = SEED[0].id
    assert library("export", "--split", str(vault), pid).exit_code == 0
    [path] = [p for p in vault.iterdir() if p.name.startswith(pid + "-")]
    mine = "\nMy café notes, “quoted” — résumé.\n"
    path.write_bytes(path.read_bytes() + mine.encode("cp1252"))
    assert library("tag", pid, "later").exit_code == 0  # something above the marker changes
    again = library("export", "--split", str(vault), pid, "--force", "--front-matter")
    assert again.exit_code == 0, again.stderr
    kept = path.read_text(encoding="utf-8")  # (UTF-8 now: this would fail otherwise)
    assert kept.endswith(mine) and "\ufffd" not in kept and kept.startswith("---\n")


def test_force_keeps_a_note_whose_marker_line_was_deleted(library, tmp_path: Path) -> None:
    """With no marker line papercli cannot tell its part of a note from yours: `--force`
    replaced the whole file, the words typed into it too. Now it is kept as it is, and a
    warning says which and how to have it written again."""
    vault = tmp_path / "vault"
    pid, other = SEED[0].id, SEED[1].id
    assert library("export", "--split", str(vault), pid, other).exit_code == 0
    [path] = [p for p in vault.iterdir() if p.name.startswith(pid + "-")]
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if "papercli:note" not in line]
    assert len(lines) < len(path.read_text(encoding="utf-8").splitlines())
    mine = "\n".join(lines) + "\nMy own words, typed in the vault.\n"
    path.write_text(mine, encoding="utf-8")
    again = library("export", "--split", str(vault), pid, other, "--force")
    assert again.exit_code == 0, again.stderr
    assert path.read_text(encoding="utf-8") == mine
    # (in 80 columns: the paper's id where the note's name and why made 177)
    assert again.stderr.splitlines()[0] == (
        f"papers: warning: kept {pid}'s note (no marker): move it aside to rewrite it")
    assert len(again.stderr.splitlines()[0]) <= 80
    assert "wrote 0 notes" in again.stderr and \
        "(1 already up to date; 1 kept as you edited it)" in again.stderr
    path.unlink()  # moved aside: written again, with its marker
    third = library("export", "--split", str(vault), pid, "--force")
    assert third.exit_code == 0 and "warning" not in third.stderr
    assert "papercli:note" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["", " "])
def test_split_with_an_empty_folder_is_a_usage_error(library, papers, tmp_path: Path,
                                                     value: str) -> None:
    """`--split "$VAULT"` with VAULT unset wrote every note into the current folder."""
    here = Path.cwd()
    before = sorted(here.iterdir())
    result = library("export", "--split", value)
    assert result.exit_code == 2 and result.stdout == ""
    assert "--split" in result.stderr and "empty" in result.stderr
    assert sorted(here.iterdir()) == before
    dot = library("export", "--split", ".")  # the current folder, when asked for
    assert dot.exit_code == 0, dot.stderr
    assert len([p for p in here.iterdir() if p.suffix == ".md"]) == 19


def test_split_force_leaves_notes_that_did_not_change_alone(library, tmp_path: Path) -> None:
    """A daily `export --split --force` rewrote every note, so a vault's sync and index
    saw the whole vault change each run; only notes whose text changes are written."""
    vault = tmp_path / "vault"
    assert library("export", "--split", str(vault)).exit_code == 0
    old = 1_000_000_000  # 2001: any write would move a note's time to now
    for path in vault.iterdir():
        os.utime(path, (old, old))
    inodes = {p.name: p.stat().st_ino for p in vault.iterdir()}
    again = library("export", "--split", str(vault), "--force")
    assert again.exit_code == 0, again.stderr
    assert "wrote 0 notes" in again.stderr and "19 already up to date" in again.stderr
    assert {p.name: (p.stat().st_ino, p.stat().st_mtime) for p in vault.iterdir()} == {
        name: (ino, old) for name, ino in inodes.items()}
    pid = SEED[0].id
    assert library("note", pid, "-m", "A new thought.").exit_code == 0
    third = library("export", "--split", str(vault), "--force")
    assert third.exit_code == 0 and "wrote 1 note " in third.stderr
    assert "18 already up to date" in third.stderr
    changed = [p for p in vault.iterdir() if p.stat().st_mtime != old]
    assert [p.name for p in changed] == [file_name(SEED[0])]
    assert changed[0].read_text(encoding="utf-8").rstrip().endswith("A new thought.")
