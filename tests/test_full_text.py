"""`papers show ID --full`: a paper's full text from the loopback Hub's `/papers/{id}.md`,
rendered at the terminal's width, written byte for byte with --format md or -o FILE.md,
kept in the library (a second call makes no request, --refresh makes one), refused in
bounded memory when absurdly large, hostile text kept as text; and the browser's key."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from conftest import Home, one_line, run
from hubserver import HubServer, seed_items

SEED = seed_items()
PID = SEED[0]["paper"]["id"]
TITLE = " ".join(SEED[0]["paper"]["title"].split())

# A full text in the Hub's shape: headings, a table, code, a link, LaTeX that Markdown
# would otherwise eat (`*` pairs, backslashes, underscores), and one non-ASCII letter.
DOC = (
    "# Attention Is Enough\n\n"
    "## 1 Introduction\n\n"
    "We study $a*b*c$ and $$\\sum_{i=1}^{n} x_i^2$$ under \\(\\alpha_1\\). "
    "See [the code](https://github.com/acme/model) for details; Zoë helped.\n\n"
    "| Model | Score |\n|---|---|\n| Ours | 91.2 |\n| Baseline | 80.5 |\n\n"
    "```python\nprint('hello')\n```\n"
).encode()

# Hostile: a screen clear, a title change, an OSC 8 link, a bell, Rich markup and HTML.
HOSTILE = (
    b"# Evil \x1b[2J\x1b]0;pwned\x07heading\n\n"
    b"[bold red]not markup[/bold red] and \x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"
    b" and \x07\x1b[31mred\x1b[0m <script>alert(1)</script> done.\n"
)

ESC = re.compile(r"\x1b")


@pytest.fixture
def paper_hub(hub: HubServer) -> HubServer:
    for item in SEED[:3]:
        hub.add_paper(item["paper"])
    hub.set_full_text(PID, DOC)
    return hub


def text_requests(hub: HubServer) -> int:
    return hub.count("/papers/")


def test_full_text_is_rendered_and_kept(papers, paper_hub: HubServer, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    result = papers("show", PID, "--full")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert TITLE not in out  # the paper's record is not needed (nor fetched) for it
    assert all(line == line.rstrip() for line in out.splitlines())
    assert "Attention Is Enough" in out and "1 Introduction" in out
    assert "# Attention" not in out  # a heading, not the Markdown for one
    assert re.search(r"Ours\s+│?\s*91\.2", out)  # the table's cells, in a row
    assert "print('hello')" in out
    words = " ".join(out.split())  # lines wrap at the width
    assert "the code (https://github.com/acme/model)" in words  # the link as text
    assert "$a*b*c$" in words and "\\sum_{i=1}^{n} x_i^2" in words
    assert "\\(\\alpha_1\\)" in words and "Zoë" in words
    assert [r.path for r in paper_hub.requests] == [f"/papers/{PID}.md"]
    assert papers("show", PID).exit_code == 0  # now the library has its record
    titled = papers("show", PID, "--full", "--offline")
    assert titled.exit_code == 0 and titled.stdout.startswith(TITLE)


@pytest.mark.parametrize("cols", [40, 72, 130])
def test_full_text_fits_the_width(papers, paper_hub: HubServer, monkeypatch,
                                  cols: int) -> None:
    monkeypatch.setenv("COLUMNS", str(cols))
    result = papers("show", PID, "--full")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= cols
    words = " ".join(result.stdout.split())
    assert "helped." in words and "Baseline" in words


def test_code_blocks_show_their_math_as_typed(papers, paper_hub: HubServer,
                                             monkeypatch) -> None:
    """Math is escaped for Markdown's sake in prose only: in an indented or `~~~` code
    block Markdown shows every character, so an escape would show as a stray backslash."""
    monkeypatch.setenv("COLUMNS", "100")
    paper_hub.set_full_text(PID, (
        b"Prose with $a*b*c$ in it.\n\n"
        b"    loss = $x_i$ * 2  # indented code\n\n"
        b"~~~\nfenced $y_j$ and \\(z\\)\n~~~\n"
    ))
    shown = papers("show", PID, "--full")
    assert shown.exit_code == 0, shown.stderr
    assert "$a*b*c$" in shown.stdout
    assert "loss = $x_i$ * 2" in shown.stdout and "fenced $y_j$ and \\(z\\)" in shown.stdout
    assert "\\$" not in shown.stdout and "\\_" not in shown.stdout


def test_math_and_code_spans_pair_as_markdown_pairs_them(papers, paper_hub: HubServer,
                                                        monkeypatch) -> None:
    """A code span is a run of backticks closed by a run as long: an unclosed `` before it
    made a span of the wrong text, and the code's `$x$` got escapes that showed. Openers
    that never close (`\\(` ten thousand times) are text, found in one scan."""
    monkeypatch.setenv("COLUMNS", "100")
    paper_hub.set_full_text(PID, (
        b"Type `` to quote; `$x$` is code and $a*b*c$ is math.\n\n"
        + b"\\( a " * 10_000 + b"\n\nEnd with \\(\\alpha_1\\).\n"))
    shown = papers("show", PID, "--full")
    assert shown.exit_code == 0, shown.stderr
    words = " ".join(shown.stdout.split())
    assert "Type `` to quote; $x$ is code and $a*b*c$ is math." in words
    assert words.count("\\( a") == 10_000 and "End with \\(\\alpha_1\\)." in words


def test_an_html_block_is_shown_as_typed(papers, paper_hub: HubServer, monkeypatch) -> None:
    """Markdown converted from a paper's HTML keeps some HTML blocks (a complex table, a
    figure, a folded proof): their words are the paper's, so they show, tags and all."""
    monkeypatch.setenv("COLUMNS", "100")
    paper_hub.set_full_text(PID, (
        b"Before the table.\n\n"
        b'<table><tr><td>Ours</td><td>$x_1$ 91.2</td></tr></table>\n\n'
        b"<details><summary>Proof</summary>\nThe lemma holds by induction.\n</details>\n\n"
        b"After it, <b>inline</b> tags go.\n"
    ))
    shown = papers("show", PID, "--full")
    assert shown.exit_code == 0, shown.stderr
    out = shown.stdout
    assert "<table><tr><td>Ours</td><td>$x_1$ 91.2</td></tr></table>" in out
    assert "<summary>Proof</summary>" in out and "The lemma holds by induction." in out
    assert out.index("Before the table") < out.index("<table>") < out.index("After it")
    assert "After it, inline tags go." in out


def test_a_long_html_block_is_shown_as_typed_throughout(papers, paper_hub: HubServer,
                                                        monkeypatch) -> None:
    """An HTML block larger than a piece is drawn in parts: every part as typed, as the
    whole is, not its later parts as a paragraph whose tags Markdown drops."""
    monkeypatch.setenv("COLUMNS", "80")
    paper_hub.set_full_text(PID, (b"Before.\n\n<div>" + b"<b>x</b> " * 20_000
                                  + b"</div>\n\nAfter.\n"))
    shown = papers("show", PID, "--full")
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.count("<b>x</b>") == 20_000
    assert "".join(shown.stdout.split()).endswith("</div>After.")


def test_a_byte_order_mark_does_not_spoil_the_first_heading(
        papers, paper_hub: HubServer, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    paper_hub.set_full_text(PID, b"\xef\xbb\xbf" + DOC)
    shown = papers("show", PID, "--full")
    assert shown.exit_code == 0, shown.stderr
    assert "Attention Is Enough" in shown.stdout and "# Attention" not in shown.stdout
    assert "\ufeff" not in shown.stdout
    served = papers("show", PID, "--full", "--format", "md", "--offline")
    assert served.stdout.encode() == b"\xef\xbb\xbf" + DOC  # as served, mark and all


def test_an_embedded_image_is_not_printed_as_base64(papers, paper_hub: HubServer,
                                                    monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    data = "data:image/png;base64," + "iVBORw0KGgo" * 20_000  # 220 KB of picture
    paper_hub.set_full_text(PID, (
        f"Before.\n\n![]({data})\n\n![Figure 2: results]({data})\n\n"
        "![](https://example.org/figures/x1.png)\n\nAfter.\n").encode())
    shown = papers("show", PID, "--full")
    assert shown.exit_code == 0, shown.stderr
    assert "iVBORw0KGgo" not in shown.stdout and len(shown.stdout) < 1000
    assert "an embedded image" in shown.stdout and "Figure 2: results" in shown.stdout
    assert "x1.png" in shown.stdout and "After." in shown.stdout


def test_an_image_inside_a_line_stays_in_its_place(papers, paper_hub: HubServer,
                                                  monkeypatch) -> None:
    """A logo in a title, a figure named in a sentence: Rich drew the image before the
    words around it ("🌆 Figure 2 See  for details.")."""
    monkeypatch.setenv("COLUMNS", "80")
    paper_hub.set_full_text(PID, (
        b"# EnvHarness ![](https://example.org/hf-logo.svg) Project page\n\n"
        b"See ![Figure *2*](https://example.org/x2.png) for details.\n"))
    shown = papers("show", PID, "--full")
    assert shown.exit_code == 0, shown.stderr
    words = " ".join(shown.stdout.split())
    assert "EnvHarness 🌆 hf-logo.svg Project page" in words
    assert "See 🌆 Figure 2 for details." in words


def test_markdown_is_written_exactly_as_served(papers, paper_hub: HubServer,
                                              tmp_path: Path) -> None:
    shown = papers("show", PID, "--full", "--format", "md")
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.encode() == DOC
    target = tmp_path / "paper.md"
    written = papers("show", PID, "--full", "-o", str(target))
    assert written.exit_code == 0, written.stderr
    assert target.read_bytes() == DOC
    assert "wrote the full text" in written.stderr
    as_json = papers("show", PID, "--full", "--json")
    assert as_json.json == {"id": PID, "full_text": DOC.decode()}
    assert text_requests(paper_hub) == 1  # the later calls read the library


def test_a_second_call_works_offline_and_refresh_fetches_again(
        papers, paper_hub: HubServer, home: Home) -> None:
    assert papers("show", PID, "--full", "--format", "md").exit_code == 0
    paper_hub.reset_log()
    offline = papers("show", PID, "--full", "--format", "md", "--offline")
    assert offline.exit_code == 0, offline.stderr
    assert offline.stdout.encode() == DOC
    assert paper_hub.count("/") == 0
    changed = DOC + b"\n## Appendix\n"
    paper_hub.set_full_text(PID, changed)
    again = papers("show", PID, "--full", "--format", "md")
    assert again.stdout.encode() == DOC and paper_hub.count("/") == 0
    fresh = papers("show", PID, "--full", "--format", "md", "--refresh")
    assert fresh.exit_code == 0, fresh.stderr
    assert fresh.stdout.encode() == changed and text_requests(paper_hub) == 1
    # kept compressed: the stored blob is smaller than a repetitive text
    import sqlite3

    with sqlite3.connect(home.library) as conn:
        body, size = conn.execute("SELECT body, size FROM full_texts").fetchone()
    assert size == len(changed) and body != changed


@pytest.mark.parametrize("fault", ["500", "html", "reset"])
def test_a_failed_refresh_shows_the_kept_text_and_says_so(
        papers, paper_hub: HubServer, home: Home, fault: str) -> None:
    """As `show --refresh` does with a record: the Hub failing a refresh is a warning, the
    text kept in the library is shown, and the library is left as it was."""
    import sqlite3

    def kept() -> list[tuple[object, ...]]:
        with sqlite3.connect(home.library) as conn:
            return conn.execute("SELECT paper_id, body, fetched_at FROM full_texts").fetchall()

    assert papers("show", PID, "--full", "--format", "md").exit_code == 0
    before = kept()
    paper_hub.fail(fault, path="/papers/", times=5)
    stale = papers("show", PID, "--full", "--format", "md", "--refresh")
    assert stale.exit_code == 0, stale.stderr
    assert stale.stdout.encode() == DOC
    warning = one_line(stale.stderr)
    assert warning.startswith("papers: warning: ") and "showing the cached copy" in warning
    assert kept() == before
    # Without a kept text there is nothing to fall back on: the error as before.
    other = SEED[1]["paper"]["id"]
    paper_hub.set_full_text(other, DOC)
    paper_hub.fail(fault, path="/papers/", times=5)
    failed = papers("show", other, "--full", "--refresh")
    assert failed.exit_code == 1 and one_line(failed.stderr).startswith("papers: error: ")


@pytest.mark.parametrize("body", [b"", b" \n\n\t\n"])
def test_an_empty_answer_is_no_full_text(papers, paper_hub: HubServer, body: bytes) -> None:
    """An empty 200 is a broken answer, not a paper with nothing in it: said, and not kept
    (kept, every later `show --full` would print nothing without asking again)."""
    paper_hub.set_full_text(PID, body)
    empty = papers("show", PID, "--full")
    assert empty.exit_code == 1 and empty.stdout == ""
    assert "empty answer" in one_line(empty.stderr)
    assert papers("show", PID).exit_code == 0  # (the paper in the library, its text not)
    offline = papers("show", PID, "--full", "--offline")
    assert offline.exit_code == 1 and "downloaded yet" in one_line(offline.stderr)
    paper_hub.set_full_text(PID, DOC)
    assert papers("show", PID, "--full", "--format", "md").stdout.encode() == DOC


def test_an_empty_text_kept_by_an_older_version_is_asked_for_again(
        papers, paper_hub: HubServer, home: Home) -> None:
    """An empty text an older papercli kept (before empty answers were refused) is not a
    full text: asked of the Hub again, not printed as nothing, exit 0, for good."""
    import sqlite3
    import zlib

    assert papers("show", PID, "--full", "--format", "md").exit_code == 0
    with sqlite3.connect(home.library) as conn:
        conn.execute("UPDATE full_texts SET body = ?, size = 1", (zlib.compress(b"\n"),))
    before = paper_hub.count("/")
    again = papers("show", PID, "--full", "--format", "md")
    assert again.exit_code == 0, again.stderr
    assert again.stdout.encode() == DOC and paper_hub.count("/") == before + 1


def test_not_kept_and_offline_is_one_line(papers, paper_hub: HubServer) -> None:
    assert papers("show", PID).exit_code == 0  # (the paper in the library, its text not)
    result = papers("show", PID, "--full", "--offline")
    assert result.exit_code == 1 and result.stdout == ""
    assert "full text of" in one_line(result.stderr) and "--offline" in result.stderr
    # A paper the library lacks is said so, as `show` says it.
    lacked = papers("show", "2412.99999", "--full", "--offline")
    assert one_line(lacked.stderr) == ("papers: error: 2412.99999 is not in the local "
                                       "library — run without --offline")


def test_no_full_text_on_the_hub_is_one_line(papers, paper_hub: HubServer,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """In 80 columns, with the paper's id and no URL: "paper … has no full text on the
    Hub (http://…/papers/….md answered 404) — `papers show ID` shows its abstract and
    links" made 166, a placeholder for the id typed. PAPERS_DEBUG says the URL."""
    from papercli.terminal import cell_width

    other = SEED[1]["paper"]["id"]
    result = papers("show", other, "--full")
    assert result.exit_code == 1 and result.stdout == ""
    line = one_line(result.stderr)
    assert line == f"papers: error: {other} has no full text on the Hub — run without --full"
    assert cell_width(line) <= 80
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    line = one_line(papers("show", other, "--full").stderr)
    assert f"/papers/{other}.md answered 404) — papers show {other} gives its" in line, line


def test_no_full_text_of_an_old_style_id_fits_80_columns(papers, hub: HubServer) -> None:
    """An old-style id (no page on the Hub, so no full text) is said alike, in 80 columns
    with its longer id."""
    from papercli.terminal import cell_width

    snapshot = Path(__file__).parent / "data" / "arxiv" / "snapshot.jsonl"
    assert papers("import", str(snapshot)).exit_code == 0
    result = papers("show", "hep-th/9901001", "--full")
    line = one_line(result.stderr)
    assert result.exit_code == 1 and "hep-th/9901001 has no full text on the Hub" in line, line
    assert cell_width(line) <= 80, line


def test_full_is_one_paper_in_markdown(papers, paper_hub: HubServer) -> None:
    two = papers("show", PID, SEED[1]["paper"]["id"], "--full")
    assert two.exit_code == 2 and "one paper" in one_line(two.stderr)
    csv = papers("show", PID, "--full", "--format", "csv")
    assert csv.exit_code == 2 and "--full writes Markdown" in one_line(csv.stderr)
    # -o paper.txt: the name chose the format, so the name is what to change (the user
    # gave no --format, and asked for no "ids")
    for name in ("paper.txt", "paper.html"):
        named = papers("show", PID, "--full", "-o", name)
        line = one_line(named.stderr)
        assert named.exit_code == 2 and "-o needs a Markdown file" in line, line
        assert "name it FILE.md, or use -f md" in line and "not ids" not in line
    bare = one_line(papers("show", PID, "--full", "-o", "paper").stderr)
    assert bare.startswith("papers: error: paper has no extension — name it .md "), bare
    odd = one_line(papers("show", PID, "--full", "-o", "paper.xyz").stderr)
    assert odd.startswith("papers: error: .xyz names no format"), odd
    assert text_requests(paper_hub) == 0


def test_hostile_text_stays_text(papers, paper_hub: HubServer, tmp_path: Path,
                                 monkeypatch) -> None:
    paper_hub.set_full_text(PID, HOSTILE)
    monkeypatch.setenv("COLUMNS", "100")
    shown = papers("show", PID, "--full")
    assert shown.exit_code == 0, shown.stderr
    assert not ESC.search(shown.stdout) and "\x07" not in shown.stdout
    assert "[bold red]not markup[/bold red]" in shown.stdout
    assert "click" in shown.stdout and "evil.example" not in shown.stdout
    assert "pwned" not in shown.stdout and "heading" in shown.stdout
    # as served to a file or a pipe (the bytes are the Hub's; a file is no terminal)
    target = tmp_path / "evil.md"
    assert papers("show", PID, "--full", "-o", str(target)).exit_code == 0
    assert target.read_bytes() == HOSTILE


def test_json_holds_the_text_without_its_escapes(papers, paper_hub: HubServer,
                                                 tmp_path: Path) -> None:
    """--json cleans the text as it cleans every field (it gave the Hub's escapes, a
    bell and a bidi override as sent); --format md still writes the Hub's bytes."""
    paper_hub.set_full_text(PID, HOSTILE + "\u202eevil\u202c\tend\n".encode())
    expected = ("# Evil heading\n\n[bold red]not markup[/bold red] and click and red "
                "<script>alert(1)</script> done.\nevil\tend\n")
    as_json = papers("show", PID, "--full", "--json")
    assert as_json.exit_code == 0, as_json.stderr
    assert as_json.json == {"id": PID, "full_text": expected}
    target = tmp_path / "evil.json"
    assert papers("show", PID, "--full", "--offline", "-o", str(target)).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["full_text"] == expected
    raw = papers("show", PID, "--full", "--offline", "--format", "md")
    assert raw.stdout.encode() == HOSTILE + "\u202eevil\u202c\tend\n".encode()


def test_an_html_page_is_not_a_full_text(papers, paper_hub: HubServer) -> None:
    paper_hub.set_full_text(PID, b"<!DOCTYPE html><html><body>Maintenance</body></html>")
    result = papers("show", PID, "--full")
    assert result.exit_code == 1 and "HTML page" in one_line(result.stderr)



@pytest.mark.parametrize("body", [b'[{"paper": {"id": "2401.01055", "title": "Trun',
                                  b'{"error": "Sorry, we can\'t find the page"}'])
def test_a_json_answer_is_not_a_full_text(papers, paper_hub: HubServer, body: bytes) -> None:
    """A 200 of JSON (`application/json`: an API error, a page cut off) was kept as the
    paper's full text, and shown offline for good without a word."""
    paper_hub.fail("raw", path="/papers/", body=body)
    result = papers("show", PID, "--full")
    assert result.exit_code == 1 and result.stdout == ""
    assert one_line(result.stderr) == ("papers: error: the Hub sent JSON, not the paper's "
                                       "Markdown — try again later")
    assert papers("show", PID).exit_code == 0  # (the paper in the library, its text not)
    offline = papers("show", PID, "--full", "--offline")
    assert offline.exit_code == 1 and "downloaded yet" in one_line(offline.stderr)
    assert papers("show", PID, "--full", "--format", "md").stdout.encode() == DOC

def test_an_oversized_full_text_is_refused_in_bounded_memory(
        paper_hub: HubServer, home: Home) -> None:
    from papercli.sources.hub import MAX_FULL_TEXT
    from test_hostile_net import measured

    size = 80 * 2**20
    assert size > 4 * MAX_FULL_TEXT
    paper_hub.set_full_text(PID, size)
    code, out, err, peak = measured("show", PID, "--full", "--format", "md")
    assert code == 1 and out == "", (code, out[:300], err)
    line = one_line(err)
    assert line == "papers: error: the Hub sent more than 16 MiB — check HF_ENDPOINT"
    # Holding the answer would need its 80 MiB on top of the interpreter (~40 MiB); the
    # cap keeps at most 16 MiB of it.
    assert peak < 100, f"peak RSS {peak} MiB"
    assert text_requests(paper_hub) == 1  # a broken answer is not retried


# -- the browser: `t` shows the full text in the reading pane ------------------------------


async def test_t_shows_the_full_text_in_the_pane_and_back(seeded_hub: HubServer,
                                                          home: Home) -> None:
    from test_browse import make_app, pane, settle

    first, second = (i["paper"]["id"] for i in SEED[:2])  # today's listing starts so
    seeded_hub.set_full_text(first, HOSTILE)
    seeded_hub.set_full_text(second, DOC)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.selected == first
        await pilot.press("t")
        await settle(pilot)
        shown = pane(app)
        assert "Full text" in shown and "[bold red]not markup[/bold red]" in shown
        assert "\x1b" not in shown and "pwned" not in shown
        await pilot.press("t")  # back to the paper's panel
        assert "Abstract" in pane(app) and "not markup" not in pane(app)
        await pilot.press("j", "t")
        await settle(pilot)
        words = " ".join(pane(app).split())
        assert app.selected == second and "Attention Is Enough" in words
        assert "$a*b*c$" in words and "the code (https://github.com/acme/model)" in words
        await pilot.press("k")  # another paper: its panel
        assert "Abstract" in pane(app)
        await pilot.press("j", "t")  # kept in the library: no second request
        await settle(pilot)
        assert "Attention Is Enough" in pane(app)
    assert text_requests(seeded_hub) == 2
    kept = run("show", second, "--full", "--format", "md", "--offline")
    assert kept.exit_code == 0 and kept.stdout.encode() == DOC


async def test_t_on_a_huge_full_text_shows_its_start_and_says_where_the_rest_is(
        seeded_hub: HubServer, home: Home) -> None:
    """The pane keeps every line of what it shows: a full text of 15 MiB took minutes
    and GiBs. It draws the text's start, cut between paragraphs, and says that
    `papers show ID --full` shows all of it."""
    from test_browse import make_app, pane, settle

    first = SEED[0]["paper"]["id"]
    text = "".join(f"## Part {n}\n\nWords about part {n}, and more words.\n\n"
                   for n in range(40_000))  # 2 MiB
    seeded_hub.set_full_text(first, text.encode())
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.selected == first
        await pilot.press("t")
        await settle(pilot)
        words = " ".join(pane(app).split())
        assert "Part 0 Words about part 0, and more words." in words
        assert "Part 39999" not in words
        shown = [int(n) for n in re.findall(r"Part (\d+) Words about part \1,", words)]
        assert shown == list(range(len(shown))) and len(shown) > 1_000  # whole parts
        note = re.compile(r"The pane shows the first (\d+)% of this full text; all of it: "
                          rf"papers show {re.escape(first)} --full")
        said = note.findall(words)  # under the title and where the text stops
        assert said == [said[0]] * 2 and 5 < int(said[0]) < 20, said
        last = shown[-1]  # the text stops after a whole part, then says so
        assert words.endswith(f"Part {last} Words about part {last}, and more words. … "
                              f"The pane shows the first {said[0]}% of this full text; "
                              f"all of it: papers show {first} --full")
        assert app.pane.virtual_size.height < 30_000  # lines drawn: the start only


async def test_t_draws_the_first_screen_at_once_and_the_rest_while_it_is_read(
        seeded_hub: HubServer, home: Home, monkeypatch) -> None:
    """A long full text took seconds to draw whole, the screen frozen meanwhile: the pane
    draws what fills it at once, the rest a part at a time between keys, and what paging
    brings into view before that. Drawn, it is what drawing it whole makes."""
    from rich.console import Group, RenderableType
    from textual.strip import Strip

    from papercli.tui.widgets import ReadingPane
    from test_browse import make_app, settle

    first = SEED[0]["paper"]["id"]
    text = "".join(f"## Part {n}\n\n" + f"Words about part {n}, " * 30 + "\n\n"
                   for n in range(300))  # 200 KiB: under the pane's cap
    seeded_hub.set_full_text(first, text.encode())
    at_once: list[int] = []
    show = ReadingPane.show

    def recorded(self: ReadingPane, content: RenderableType) -> None:
        show(self, content)
        at_once.append(self.virtual_size.height)

    monkeypatch.setattr(ReadingPane, "show", recorded)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        pane, content = app.pane, app.pane_content
        width = pane.scrollable_content_region.width
        options = app.console.options.update(width=width, min_width=width, max_width=width,
                                             height=None, highlight=False, markup=False)
        assert isinstance(content, Group)
        whole = [Strip(line, width) for line in app.console.render_lines(
            Group(*content.renderables), options, style=pane.rich_style, pad=True)]
        words = " ".join(line.text for line in whole).split()
        assert words.count("Part") == 300 and words[-1] == "299,"
        assert 30 <= at_once[-1] < len(whole) // 4, (at_once, len(whole))  # a screen first
        for _ in range(500):  # then a part after each refresh
            if not pane.drawing:
                break
            await pilot.pause()
        assert not pane.drawing
        assert pane.virtual_size.height == len(whole)
        assert [list(line) for line in pane._lines] == [list(line) for line in whole]

        pane.show(content)  # drawn again from its start: paged before the rest is drawn
        assert pane.drawing and pane.virtual_size.height < len(whole) // 4
        middle = len(whole) // 2
        pane.lines(middle)
        assert pane.scroll_offset.y == middle
        assert [pane.render_line(y).text for y in range(20)] == [
            line.text for line in whole[middle:middle + 20]]


async def test_the_pane_keeps_its_code_highlighted_at_a_new_width(
        seeded_hub: HubServer, home: Home) -> None:
    """The pane draws again at each width: a block highlighted once keeps its colours
    (the budget of highlighted code is spent once, not at every width)."""
    from test_browse import make_app, settle

    first = SEED[0]["paper"]["id"]
    seeded_hub.set_full_text(first, _short_blocks(800).encode())  # 36 KiB of Python
    app = make_app()

    async def colours(line: str) -> int:
        for _ in range(500):
            if not app.pane.drawing:
                break
            await pilot.pause()
        drawn = next(strip for strip in app.pane._lines if line in strip.text)
        return len({seg.style.color for seg in drawn if seg.style and seg.style.color})

    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert await colours("x0 = compute(0)") > 3
        assert await colours("x799 = compute(799)") <= 2  # past it: the code, the margin
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert await colours("x0 = compute(0)") > 3
        assert await colours("x799 = compute(799)") <= 2


async def test_t_without_a_full_text_is_a_notification(seeded_hub: HubServer,
                                                       home: Home) -> None:
    from test_browse import make_app, pane, settle

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "has no full text on the Hub" in errors[0], errors
        # In the browser's terms: the pane has the abstract and links, where the command
        # line's error points at `papers show ID`.
        assert "the pane shows its abstract and links" in errors[0], errors
        assert "papers show" not in errors[0]
        assert "Abstract" in pane(app)


async def test_t_offline_never_says_it_is_fetching(seeded_hub: HubServer,
                                                   home: Home) -> None:
    from test_browse import make_app, pane, settle

    assert run("today").exit_code == 0  # the listing is in the library, its texts are not
    app = make_app(offline=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        said = [n.message for n in app._notifications]
        assert not any("fetch" in m for m in said if "without --offline" not in m), said
        assert any("downloaded yet" in m for m in said), said
        assert "Abstract" in pane(app)
    assert text_requests(seeded_hub) == 0


# -- on a real terminal: styled, fitted, paged -------------------------------------------

SGR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("cols", [50, 80, 140])
def test_on_a_terminal_it_is_styled_and_fits(papers, paper_hub: HubServer,
                                             cols: int) -> None:
    from test_terminal import cells, on_pty

    assert papers("show", PID, "--full", "--format", "md").exit_code == 0  # kept
    code, shown, err = on_pty("show", PID, "--full", "--offline", cols=cols)
    assert code == 0, err
    assert "\x1b[1m" in shown or "\x1b[1;" in shown  # the heading is styled (bold)
    plain = SGR.sub("", shown)
    assert "\x1b" not in plain  # every escape is one of our SGR codes
    assert all(cells(line) <= cols for line in plain.splitlines())
    assert "Baseline" in plain and "$a*b*c$" in " ".join(plain.split())


def test_hostile_text_on_a_terminal_keeps_only_our_styles(papers, paper_hub: HubServer,
                                                          tmp_path: Path) -> None:
    from test_terminal import on_pty

    paper_hub.set_full_text(PID, HOSTILE)
    assert papers("show", PID, "--full", "--format", "md").exit_code == 0
    code, shown, err = on_pty("show", PID, "--full", "--offline", cols=80)
    assert code == 0, err
    plain = SGR.sub("", shown)
    assert "\x1b" not in plain and "\x07" not in plain and "pwned" not in plain
    assert "[bold red]not markup[/bold red]" in plain
    # the Markdown itself, asked for on a terminal, is made safe too
    code, shown, err = on_pty("show", PID, "--full", "--offline", "--format", "md", cols=80)
    assert code == 0, err
    assert "\x1b" not in shown and "\x07" not in shown and "[bold red]" in shown


def test_a_long_full_text_goes_through_the_pager(papers, paper_hub: HubServer,
                                                 tmp_path: Path) -> None:
    from test_terminal import fake_pager, on_pty

    long_doc = DOC + b"".join(b"\n## Section %d\n\nText of section %d.\n" % (n, n)
                              for n in range(40))
    paper_hub.set_full_text(PID, long_doc)
    assert papers("show", PID, "--full", "--format", "md").exit_code == 0
    pager, seen = fake_pager(tmp_path)
    code, _, err = on_pty("show", PID, "--full", "--offline", cols=80, rows=10,
                          env={"PAPERS_PAGER": pager})
    assert code == 0, err
    paged = SGR.sub("", seen.read_text(encoding="utf-8"))
    assert "Section 39" in paged and "Attention Is Enough" in paged
    seen.unlink()
    code, shown, err = on_pty("show", PID, "--full", "--offline", "--no-pager", cols=80,
                              rows=10, env={"PAPERS_PAGER": pager})
    assert code == 0 and not seen.exists() and "Section 39" in shown


# -- long texts: drawn a piece at a time ---------------------------------------------------


def one_paragraph(words: int) -> str:
    """A full text with no blank line: prose, math, emphasis and links, numbered so the
    order shows ("w17 …")."""
    return " ".join(f"w{n} has $x_{{{n}}}$ and *some* [links](https://example.org/{n})"
                    for n in range(words)) + "\n"


def test_a_long_paragraph_is_drawn_whole_in_bounded_memory(paper_hub: HubServer,
                                                           home: Home, monkeypatch) -> None:
    """A full text that is one paragraph of nearly 2 MiB: Rich holds a token per word and
    mark of whatever it draws at once (240 MiB for this one, 3 GiB for a 15 MiB text);
    drawn a piece at a time it is a little more than the interpreter, and every word is
    there, in order, fitted."""
    from test_hostile_net import measured

    monkeypatch.setenv("COLUMNS", "80")
    text = one_paragraph(24_000)
    assert 1.5 * 2**20 < len(text) < 2 * 2**20 and "\n\n" not in text
    paper_hub.set_full_text(PID, text.encode())
    code, out, err, peak = measured("show", PID, "--full")
    assert code == 0, err
    assert peak < 150, f"peak RSS {peak} MiB"
    words = " ".join(out.split())
    numbered = [int(w[1:]) for w in words.split() if re.fullmatch(r"w\d+", w)]
    assert numbered == list(range(24_000))
    assert "$x_{23999}$ and some links (https://example.org/23999)" in words
    assert "\\" not in out and "*" not in out and "](" not in out  # no cut left a mark
    assert all(len(line) <= 80 for line in out.splitlines())


def test_a_long_text_streams_into_the_pager(papers, paper_hub: HubServer,
                                           tmp_path: Path) -> None:
    """The pager is given the text as it is drawn, all of it, in order; one that quits
    after the first screen (`q` in less) ends the command quietly."""
    from test_terminal import fake_pager, on_pty

    paper_hub.set_full_text(PID, one_paragraph(3_000).encode())
    assert papers("show", PID, "--full", "--format", "md").exit_code == 0
    pager, seen = fake_pager(tmp_path)
    code, shown, err = on_pty("show", PID, "--full", "--offline", cols=80, rows=10,
                              env={"PAPERS_PAGER": pager})
    assert code == 0, err
    paged = " ".join(SGR.sub("", seen.read_text(encoding="utf-8")).split())
    numbered = [int(w[1:]) for w in paged.split() if re.fullmatch(r"w\d+", w)]
    assert numbered == list(range(3_000))
    quits = tmp_path / "quits.py"
    quits.write_text("import sys\nsys.stdin.readline()\n", encoding="utf-8")
    code, shown, err = on_pty("show", PID, "--full", "--offline", cols=80, rows=10,
                              env={"PAPERS_PAGER": f"{sys.executable} {quits}"})
    assert (code, err) == (0, ""), err
    assert "w2999" not in shown


def section(words: int) -> str:
    """A section of every kind of block; with `words` sentences in its last paragraph,
    600 of them are cut into pieces in front of different kinds (3: a list, a table, a
    code block; 10: a rule, a list after a rule)."""
    return ("## Part\n\nProse with $a*b*c$, **bold** and [a link][paper].\n\n"
            "- one\n- two\n\n> a quote\n\n| Model | Score |\n|---|---|\n| Ours | 91.2 |\n\n"
            "```\ncode $x_i$\n```\n\n---\n\n1. after a rule\n\n"
            + "Words and words, more words. " * words + "\n\n")


@pytest.mark.parametrize("words", [3, 10])
def test_a_long_text_looks_the_same_in_every_part(papers, paper_hub: HubServer,
                                                  monkeypatch, words: int) -> None:
    """A text long enough to be drawn in many pieces: each of its identical sections is
    drawn identically (no blank line gained or lost where a piece ends, a link reference
    at the end found from the start)."""
    monkeypatch.setenv("COLUMNS", "80")
    paper_hub.set_full_text(PID, (section(words) * 600
                                  + "[paper]: https://example.org/p\n").encode())
    shown = papers("show", PID, "--full")
    assert shown.exit_code == 0, shown.stderr
    parts = shown.stdout.split("Part\n")
    assert len(parts) == 601
    assert len(set(parts[1:-1])) == 1, "some part differs"
    assert parts[-1].startswith(parts[1].rstrip("\n "))
    assert "a link (https://example.org/p)" in parts[1] and "$a*b*c$" in parts[1]


WIDE = (
    "Table 2: results.\n\n"
    "| Method | Params | MMLU | GSM8K | HumanEval | MATH | ARC-Challenge | HellaSwag |\n"
    "|---|---|---|---|---|---|---|---|\n"
    "| Mistral-7B-Instruct-v0.2 | 7B | 60.1 | 40.2 | 30.5 | 12.7 | 63.1 | 84.9 |\n"
    "| Ours (RL) | 7B | **63.4** | 55.1 | | 20.3 | 66.2 | 85.0 |\n\n"
    "| Setting | Description |\n|---|---|\n"
    "| Zero-shot | The model is given only the instruction and answers without examples. |\n"
    "\nDone.\n"
)


@pytest.mark.parametrize("cols", [60, 80])
def test_a_table_too_wide_for_the_screen_is_folded_a_row_at_a_time(
        papers, paper_hub: HubServer, monkeypatch, cols: int) -> None:
    """Columns that cannot keep their longest word were cut to "Mist…", "ARC…": the
    table is shown a row at a time instead, every cell whole beside its header; a table
    whose words fit (a long description wraps) stays a table."""
    monkeypatch.setenv("COLUMNS", str(cols))
    paper_hub.set_full_text(PID, WIDE.encode())
    shown = papers("show", PID, "--full")
    assert shown.exit_code == 0, shown.stderr
    out = shown.stdout
    assert "…" not in out and all(len(line) <= cols for line in out.splitlines())
    lines = [line.strip() for line in out.splitlines()]
    assert "Method: Mistral-7B-Instruct-v0.2" in lines and "Method: Ours (RL)" in lines
    words = " ".join(out.split())
    assert "Params: 7B MMLU: 60.1 GSM8K: 40.2 HumanEval: 30.5 MATH: 12.7" in words
    assert "ARC-Challenge: 63.1 HellaSwag: 84.9" in words
    assert "MMLU: 63.4 GSM8K: 55.1 MATH: 20.3" in words  # an empty cell is left out
    assert re.search(r"Zero-shot +The model is given", out)  # the narrow table, as it was
    assert out.index("Table 2") < out.index("Mistral") < out.index("Zero-shot")


def test_a_table_that_fits_is_drawn_as_a_table(papers, paper_hub: HubServer,
                                               monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    paper_hub.set_full_text(PID, WIDE.encode())
    shown = papers("show", PID, "--full")
    assert shown.exit_code == 0, shown.stderr
    assert re.search(r"Method +Params +MMLU +GSM8K +HumanEval +MATH +ARC-Challenge",
                     shown.stdout)
    assert re.search(r"Mistral-7B-Instruct-v0.2 +7B +60.1 +40.2", shown.stdout)
    assert "Method:" not in shown.stdout


def test_a_long_word_of_marks_is_drawn_in_bounded_memory(paper_hub: HubServer,
                                                         home: Home, monkeypatch) -> None:
    """A line of 800,000 `[` and no space: a long word is kept whole (an embedded image's
    base64 must be), but one that is mostly marks costs Rich a token each, so it is cut
    into pieces too; it shows as typed."""
    from test_hostile_net import measured

    monkeypatch.setenv("COLUMNS", "80")
    paper_hub.set_full_text(PID, b"[" * 800_000 + b"\n")
    code, out, err, peak = measured("show", PID, "--full")
    assert code == 0, err
    assert peak < 110, f"peak RSS {peak} MiB"
    assert out.count("[") == 800_000 and set(out) == {"[", "\n"}


def test_a_table_of_thousands_of_columns_is_shown_as_typed(paper_hub: HubServer,
                                                           home: Home, monkeypatch) -> None:
    """A table whose header alone is larger than a piece: repeated with every part of its
    rows, each part was a table of 20,000 columns to draw (200 MiB); it is text instead."""
    from test_hostile_net import measured

    monkeypatch.setenv("COLUMNS", "80")
    row = "|" + "b|" * 20_000 + "\n"
    paper_hub.set_full_text(PID, ("|" + "a|" * 20_000 + "\n|" + "-|" * 20_000 + "\n"
                                  + row * 3 + "\nAfter.\n").encode())
    code, out, err, peak = measured("show", PID, "--full")
    assert code == 0, err
    assert peak < 170, f"peak RSS {peak} MiB"
    words = "".join(out.split())
    assert words.count("a|") == 20_000 and words.count("b|") == 60_000
    assert words.endswith("After.")


def test_a_code_block_larger_than_a_piece_is_shown_plain(papers, paper_hub: HubServer,
                                                         tmp_path: Path) -> None:
    """Highlighting costs seconds per 100 KiB of code (2 MiB of Python: a minute before
    the last line), so a code block larger than a piece is shown plain, as typed, every
    line of it; a short one is still highlighted."""
    from test_terminal import fake_pager, on_pty

    big = "".join(f"def f{n}(x): return x + {n}\n" for n in range(3_000))
    paper_hub.set_full_text(PID, (f"```python\ndef small(x): return x\n```\n\n"
                                  f"```python\n{big}```\n\nAfter.\n").encode())
    assert papers("show", PID, "--full", "--format", "md").exit_code == 0
    pager, seen = fake_pager(tmp_path)
    code, _shown, err = on_pty("show", PID, "--full", "--offline", cols=80, rows=10,
                              env={"PAPERS_PAGER": pager})
    assert code == 0, err
    paged = seen.read_text(encoding="utf-8")
    lines = paged.splitlines()
    small = next(line for line in lines if "small" in line)
    assert len(set(SGR.findall(small))) > 3  # its words in colours of their own
    drawn = [SGR.sub("", line).strip() for line in lines if "return x +" in line]
    assert drawn == big.splitlines()  # every line, whole, in order
    assert all(len(set(SGR.findall(line)) - {"\x1b[0m"}) <= 2 for line in lines
               if "return x +" in line)  # one colour for the code, one for the margin
    assert "After." in SGR.sub("", paged)


def _short_blocks(count: int) -> str:
    return "".join(f"Step {n}.\n\n```python\nx{n} = compute({n})\ny{n} = x{n} * 2\n"
                   f"print(y{n})\n```\n\n" for n in range(count)) + "After.\n"


def test_many_short_code_blocks_are_highlighted_up_to_a_budget(papers, paper_hub: HubServer,
                                                                tmp_path: Path) -> None:
    """Thousands of short code blocks: Pygments tries its rules at every character, so
    the code after the first 32 KiB is shown as a block without a language is, in one
    colour; every line of every block still shows, whole and in order."""
    from test_terminal import fake_pager, on_pty

    paper_hub.set_full_text(PID, _short_blocks(1_500).encode())  # 67 KiB of Python
    assert papers("show", PID, "--full", "--format", "md").exit_code == 0
    pager, seen = fake_pager(tmp_path)
    code, _shown, err = on_pty("show", PID, "--full", "--offline", cols=80, rows=10,
                              env={"PAPERS_PAGER": pager})
    assert code == 0, err
    lines = seen.read_text(encoding="utf-8").splitlines()
    drawn = [SGR.sub("", line).strip() for line in lines]
    assert [line for line in drawn if "compute(" in line] == [
        f"x{n} = compute({n})" for n in range(1_500)]

    def colours(n: int) -> int:
        line = lines[drawn.index(f"x{n} = compute({n})")]
        return len(set(SGR.findall(line)) - {"\x1b[0m"})

    assert colours(0) > 3 and colours(300) > 3  # highlighted, word by word
    assert colours(1_000) <= 2 and colours(1_499) <= 2  # past the budget: code, margin


def test_many_short_code_blocks_look_their_language_up_once(papers, paper_hub: HubServer,
                                                            monkeypatch) -> None:
    """Pygments finds a lexer by walking its table of every one: Rich did it for each
    block, most of a short block's cost. A text looks each language up once, and 32 of
    them at most (a text of made-up names: the rest are code without a language)."""
    import pygments.lexers
    import rich.syntax

    looked: list[str] = []
    lookup = pygments.lexers.get_lexer_by_name

    def counted(name: str, **options: object) -> object:
        looked.append(name)
        return lookup(name, **options)

    monkeypatch.setattr(pygments.lexers, "get_lexer_by_name", counted)
    monkeypatch.setattr(rich.syntax, "get_lexer_by_name", counted)
    monkeypatch.setenv("COLUMNS", "80")
    made_up = "".join(f"```lang{n}\ncode in lang{n}\n```\n" for n in range(100))
    paper_hub.set_full_text(PID, (_short_blocks(200) + "```\nplain\n```\n"
                                  "```nosuchlanguage\nmystery\n```\n" + made_up).encode())
    shown = papers("show", PID, "--full")
    assert shown.exit_code == 0, shown.stderr
    words = shown.stdout.split()
    assert words.count("Step") == 200 and "plain" in words and "mystery" in words
    assert [w for w in words if w.startswith("lang")] == [f"lang{n}" for n in range(100)]
    assert looked[:3] == ["python", "text", "nosuchlanguage"], looked[:5]
    assert len(looked) == len(set(looked)) <= 33, looked
