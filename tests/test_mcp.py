"""`papers mcp`: the MCP server driven by the SDK's own client over stdio.

The server is a real process (`python -m papercli mcp`) in the test's home; each tool's JSON
is checked against what the same query prints with `papers ... --json` (the `papers`
fixture, in-process), errors against their one line, and offline mode against the loopback
Hub's request log."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import anyio
import pytest
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS

from conftest import TODAY, Home, one_line, signals_taken_elsewhere, until_waiting, write_config
from hubserver import HubServer, seed_items
from test_related_prepared import _items

READ_ONLY = {"search", "list_papers", "show_paper", "full_text", "for_you",
             "related_papers", "trends", "list_tags", "list_watches",
             "list_families", "list_orgs"}
WRITES = {"star", "unstar", "tag", "untag", "note", "mark_read"}


@asynccontextmanager
async def server(*args: str, start: tuple[str, ...] = ("-m", "papercli")
                 ) -> AsyncIterator[ClientSession]:
    """An initialised client session with `papers mcp ARGS` in this test's home (`start`:
    how Python runs papers, `-m papercli` unless a test's own code)."""
    params = StdioServerParameters(command=sys.executable,
                                   args=[*start, "mcp", *args],
                                   env=dict(os.environ))
    with open(os.devnull, "w") as errlog:
        async with stdio_client(params, errlog=errlog) as (read, write), \
                ClientSession(read, write) as session:
            await session.initialize()
            yield session


async def call(session: ClientSession, tool: str, **arguments: Any) -> Any:
    """A tool's JSON document (the first content block), failing on a tool error."""
    result = await session.call_tool(tool, arguments)
    assert not result.is_error, result.content
    return json.loads(result.content[0].text)  # type: ignore[union-attr]


async def error(session: ClientSession, tool: str, **arguments: Any) -> str:
    """A tool error's message: one line, no traceback."""
    result = await session.call_tool(tool, arguments)
    assert result.is_error
    (block,) = result.content
    text = block.text  # type: ignore[union-attr]
    assert "\n" not in text and "Traceback" not in text
    return text


async def unknown(session: ClientSession, tool: str, **arguments: Any) -> str:
    """A tool the server does not offer: the spec's protocol error, invalid params."""
    with pytest.raises(MCPError) as failed:
        await session.call_tool(tool, arguments)
    assert failed.value.code == INVALID_PARAMS
    return failed.value.message


async def notes(session: ClientSession, tool: str, **arguments: Any) -> str:
    """A tool's second block: its caption, warnings and notes ("" when none)."""
    result = await session.call_tool(tool, arguments)
    assert not result.is_error, result.content
    return result.content[1].text if len(result.content) > 1 else ""  # type: ignore


def cli_json(papers: Any, *args: str) -> Any:
    result = papers(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return result.json


async def test_lists_the_read_only_tools_and_the_writing_ones_only_when_allowed(
        library: Any) -> None:
    async with server() as session:
        listed = (await session.list_tools()).tools
        assert {t.name for t in listed} == READ_ONLY
        assert all(t.annotations and t.annotations.read_only_hint for t in listed)
        search = next(t for t in listed if t.name == "search")
        # The filters are the command line's, from the criteria table.
        assert {"query", "family", "since", "min_upvotes", "has_code", "limit"} <= set(
            search.input_schema["properties"])
    async with server("--allow-writes") as session:
        listed = (await session.list_tools()).tools
        assert {t.name for t in listed} == READ_ONLY | WRITES
        assert {t.name for t in listed if not t.annotations.read_only_hint} == WRITES


async def test_the_instructions_name_every_tool_the_server_offers(home: Home) -> None:
    """The server's instructions, which a host puts before its model, say what each tool
    is for: trends was left out (its counts over time went unused), and so were the
    writing tools a server started with --allow-writes offers."""
    for args in ((), ("--allow-writes",)):
        params = StdioServerParameters(command=sys.executable,
                                       args=["-m", "papercli", "mcp", *args],
                                       env=dict(os.environ))
        with open(os.devnull, "w") as errlog:
            async with stdio_client(params, errlog=errlog) as (read, write), \
                    ClientSession(read, write) as session:
                said = (await session.initialize()).instructions or ""
                offered = {t.name for t in (await session.list_tools()).tools}
        assert offered == (READ_ONLY | WRITES if args else READ_ONLY)
        named = {n for n in READ_ONLY | WRITES if f"{n} " in said or f"{n}," in said}
        assert named == offered, (args, said)


async def test_the_annotations_say_what_each_tool_does(library: Any) -> None:
    """The spec's hints default to the worst (destructive, not idempotent, open world):
    each tool says its own, and open world means it may use the network."""
    async with server("--allow-writes") as session:
        hints = {t.name: t.annotations for t in (await session.list_tools()).tools}
    assert {n for n, a in hints.items() if a.destructive_hint} == {"unstar", "untag", "note",
                                                                    "mark_read"}  # (unread)
    assert {n for n, a in hints.items() if not a.idempotent_hint} == {"note"}  # append
    assert not any(a.open_world_hint for a in hints.values())  # offline
    async with server("--allow-writes", "--online") as session:
        hints = {t.name: t.annotations for t in (await session.list_tools()).tools}
    assert {n for n, a in hints.items() if not a.open_world_hint} == {
        "for_you", "trends", "list_tags", "list_watches", "list_families", "list_orgs",
        "unstar", "untag"}  # the ones that never use the network


async def test_the_descriptions_say_whether_this_server_fetches(library: Any) -> None:
    """"Offline unless the server was started with --online" left an assistant to learn
    which it was from an error: each description that may fetch says which this one is."""
    fetching = {"search", "list_papers", "show_paper", "full_text", "related_papers"}
    async with server() as session:
        listed = (await session.list_tools()).tools
    said = {t.name: t.description for t in listed}
    assert {n for n, d in said.items() if "This server was started offline" in d} == fetching
    assert not any("--online: what" in d or "Offline unless" in d for d in said.values())
    # So do the filters' (before: has_model's models "known once `show_paper` has fetched
    # the paper's page", from a server whose show_paper fetches nothing).
    has_model = {t.name: t.input_schema["properties"]["has_model"]["description"]
                 for t in listed if "has_model" in t.input_schema["properties"]}
    assert set(has_model) == {"search", "list_papers", "for_you", "related_papers", "trends"}
    assert all("known once the user's command `papers show` has fetched the paper's page"
               in d for d in has_model.values()), has_model
    async with server("--online") as session:
        listed = (await session.list_tools()).tools
    said = {t.name: t.description for t in listed}
    assert {n for n, d in said.items()
            if "This server was started with --online: what the library lacks is asked of "
               "the Hub" in d} == fetching
    assert not any("started offline" in d for d in said.values())
    assert all("known once `show_paper` has fetched" in t.input_schema["properties"][
        "has_model"]["description"] for t in listed if t.name in has_model)


async def test_a_note_is_removed_only_when_asked(library: Any) -> None:
    """Without text, note is an error (never a silent removal); text "" removes it."""
    papers = library
    async with server("--allow-writes") as session:
        note = next(t for t in (await session.list_tools()).tools if t.name == "note")
        assert note.input_schema["required"] == ["id", "text"]
        await call(session, "note", id="2401.01055", text="Keep me.")
        assert "note needs text" in await error(session, "note", id="2401.01055")
        assert "note needs text" in await error(session, "note", id="2401.01055",
                                                append=True)
        assert (await call(session, "show_paper", id="2401.01055"))["note"] == "Keep me."
        assert await call(session, "note", id="2401.01055", text="") == {
            "id": "2401.01055", "chars": 0, "first_line": None}
    assert "note" not in cli_json(papers, "show", "2401.01055", "--offline")


async def test_a_note_of_blanks_is_refused_not_taken_for_removal(library: Any) -> None:
    """Text of blanks alone ("\\n", "  ") is refused, the note kept, as `papers note -m
    "  "` refuses it (before: the note was removed, which only "" asks for)."""
    async with server("--allow-writes") as session:
        await call(session, "note", id="2401.01055", text="Keep me.")
        for blank in ("\n", "   ", " \n\t\n"):
            assert await error(session, "note", id="2401.01055", text=blank) == (
                'text holds only blanks; the note is unchanged — give the note, or text ""'
                " to remove it")
        assert (await call(session, "show_paper", id="2401.01055"))["note"] == "Keep me."


async def test_a_note_is_stored_without_escape_codes_and_counted_so(library: Any) -> None:
    """Text with a terminal's escape codes was stored as sent and counted by them
    ("chars": 21), while show and export printed it without: now it is stored as it
    shows, tabs and lines kept, as `papers note -m` stores it (the same path)."""
    papers = library
    async with server("--allow-writes") as session:
        written = await call(session, "note", id="2401.01055",
                             text="\x1b[31mred\x1b[0m from mcp\n\tindented\x07")
        assert written == {"id": "2401.01055", "chars": 22,
                           "first_line": "red from mcp"}
        assert (await call(session, "show_paper", id="2401.01055"))["note"] == (
            "red from mcp\n\tindented")
    assert papers("note", "2404.14047", "-m", "\x1b[1mbold\x1b[0m\tcell").exit_code == 0
    exported = papers("export", "2401.01055", "2404.14047", "-f", "json")
    assert exported.exit_code == 0, exported.stderr
    assert {p["id"]: p["note"] for p in json.loads(exported.stdout)} == {
        "2401.01055": "red from mcp\n\tindented", "2404.14047": "bold\tcell"}


async def test_a_note_is_confirmed_short_not_sent_back(library: Any) -> None:
    """The assistant sent the note: the answer says its length and first line (cut and
    cleaned), not all of it again, however long it is."""
    from papercli.notes import MAX_NOTE

    first = "\x1b[1mSection 3\x1b[0m " + "w" * 200
    size = MAX_NOTE - 100  # room to append to it
    long = "\n\n" + first + "\n" + "x" * (size - len(first) - 3)
    async with server("--allow-writes") as session:
        result = await session.call_tool("note", {"id": "2401.01055", "text": long})
        assert not result.is_error, result.content
        assert sum(len(b.text) for b in result.content) < 300  # type: ignore[union-attr]
        written = json.loads(result.content[0].text)  # type: ignore[union-attr]
        # (the blank lines before it and its two escape codes are not stored)
        assert written["id"] == "2401.01055" and written["chars"] == size - 10
        assert written["first_line"].startswith("Section 3 www")
        assert written["first_line"].endswith("…") and len(written["first_line"]) == 80
        # Shown as much as an answer holds, and said so (before: all 199,900 characters,
        # in show_paper's answer and in each listing's holding the paper, past what a
        # client takes).
        result = await session.call_tool("show_paper", {"id": "2401.01055"})
        shown = json.loads(result.content[0].text)["note"]  # type: ignore[union-attr]
        assert shown.startswith("Section 3 www") and shown.endswith("x" * 1000 + "…")
        assert 79_000 < len(shown) <= 80_000  # (less the escapes cleaned away)
        assert result.content[1].text == (  # type: ignore[union-attr]
            f"the user's note is cut to its first 80,000 of {size - 10:,} characters: as "
            "much as an answer holds with the paper")
        result = await session.call_tool("search", {"noted": True, "detail": "full"})
        (listed,) = json.loads(result.content[0].text)  # type: ignore[union-attr]
        assert 3900 < len(listed["note"]) <= 4000 and listed["note"].endswith("x…")
        assert ("the user's note on 2401.01055 is cut to its first 4,000 of "
                f"{size - 10:,} characters here: show_paper shows up to 80,000"
                ) in result.content[1].text  # type: ignore[union-attr]
        assert await call(session, "note", id="2401.01055", text="Short.",
                          append=True) == {"id": "2401.01055", "chars": size - 10 + 8,
                                           "first_line": written["first_line"]}
        said = await error(session, "note", id="2401.01055", text="y" * (MAX_NOTE + 1))
        assert f"longer than {MAX_NOTE:,} characters" in said

    # Kept as typed, as `papers note -m` keeps it: a first line's indentation is Markdown
    # (a code block), not a blank to strip (before: "code()\n    more()"); blank lines
    # around it are still tidied away, and a text of blanks is refused.
    typed = "\n    code()\n    more()  \n"
    async with server("--allow-writes") as session:
        await call(session, "note", id="2401.01055", text=typed)
        mine = (await call(session, "show_paper", id="2401.01055"))["note"]
        assert "only blanks" in await error(session, "note", id="2401.01055", text="  \n ")
    assert mine == "    code()\n    more()"


async def test_each_read_tool_answers_as_the_command_line_does(library: Any) -> None:
    papers = library
    async with server() as session:
        assert await call(session, "search", query="llava", detail="full") == cli_json(
            papers, "search", "llava", "--offline", "-n", "20")
        assert await call(session, "search", query="llava", family=["LLaVA"],
                          sort="upvotes", limit=3, detail="full") == cli_json(
            papers, "search", "llava", "--family", "LLaVA", "-s", "upvotes", "-n", "3",
            "--offline")
        assert await call(session, "search", since="2024-01-01", limit=5,
                          detail="full") == cli_json(
            papers, "search", "--since", "2024-01-01", "-n", "5")
        # A query's qualifier is its filter, as on the command line.
        early = await call(session, "search", query="llava until:2024-05-01",
                           family=["LLaVA"], limit=50, detail="full")
        assert early and early == cli_json(
            papers, "search", "llava", "--until", "2024-05-01", "-F", "LLaVA", "-n", "50",
            "--offline") == cli_json(
            papers, "search", "llava family:llava until:2024-05-01", "-n", "50", "--offline")
        assert len(early) < len(cli_json(papers, "search", "llava", "-F", "LLaVA", "-n", "50",
                                         "--offline"))
        assert await call(session, "list_papers", since="2024-01-01",
                          until="2024-06-30", detail="full") == cli_json(
            papers, "search", "--since", "2024-01-01", "--until", "2024-06-30", "-n", "20")
        shown = await call(session, "show_paper", id="https://arxiv.org/abs/2401.01055v2")
        assert shown == cli_json(papers, "show", "2401.01055", "--offline")
        assert shown["id"] == "2401.01055" and "starred_at" not in shown
        assert papers("star", "2401.01055", "--offline").exit_code == 0
        starred = await call(session, "show_paper", id="2401.01055")  # your marks too
        assert starred == cli_json(papers, "show", "2401.01055", "--offline")
        assert starred["starred_at"]
        mine = await call(session, "search", starred=True,  # the filter table's flag
                          detail="full")
        assert [p["id"] for p in mine] == ["2401.01055"]
        assert mine == cli_json(papers, "search", "--starred", "-n", "20")
        related = await call(session, "related_papers", id="2408.15881", limit=5,
                             detail="full")
        assert related == cli_json(papers, "related", "2408.15881", "-n", "5", "--offline")
        assert related and all("score" in p for p in related)
        assert await call(session, "for_you", since="2023-01-01", limit=4,
                          detail="full") == cli_json(
            papers, "for-you", "--since", "2023-01-01", "-n", "4")


async def test_a_paper_only_arxiv_knows_links_to_arxiv_everywhere(library: Any,
                                                                  tmp_path: Any) -> None:
    """A paper from arXiv's snapshot the Hub never listed: its JSON `url` is arXiv's
    abstract page (its Hub page is a 404), in `show`, a listing, an export and the
    tools alike; a Hub paper's stays the Hub's."""
    papers = library
    snapshot = tmp_path / "arxiv.jsonl"
    snapshot.write_text(json.dumps({
        "id": "2312.09999", "title": "Only On The Preprint Server", "authors": "A. Writer",
        "categories": "cs.CL", "abstract": "Nobody upvoted this yet.",
        "versions": [{"version": "v1", "created": "Mon, 11 Dec 2023 10:00:00 GMT"}],
        "authors_parsed": [["Writer", "A.", ""]]}) + "\n", encoding="utf-8")
    assert papers("import", str(snapshot)).exit_code == 0
    arxiv = "https://arxiv.org/abs/2312.09999"
    shown = cli_json(papers, "show", "2312.09999", "--offline")
    assert shown["sources"] == ["arxiv"] and shown["url"] == arxiv
    listed = {p["id"]: p for p in cli_json(papers, "search", "--offline", "-n", "0")}
    assert listed["2312.09999"]["url"] == arxiv
    assert listed["2401.01055"]["url"].endswith("/papers/2401.01055")  # on the Hub
    exported = papers("export", "--format", "json", "-n", "0")
    assert exported.exit_code == 0, exported.stderr
    assert {p["id"]: p["url"] for p in json.loads(exported.stdout)}["2312.09999"] == arxiv
    async with server() as session:
        assert (await call(session, "show_paper", id="2312.09999"))["url"] == arxiv
        found = await call(session, "search", query="preprint server", detail="full")
        assert [p["url"] for p in found if p["id"] == "2312.09999"] == [arxiv]


# `papers mcp` with each fit of the vocabulary and of the topics written down as a line of
# the file named first, and a library of 100 papers counted as large (ranking.PREPARE_AT,
# 2,000 as shipped), as tests/test_related_prepared.py counts them in process.
_COUNTING = """
import sys
from papercli import ranking
from papercli.topics import Topics
fits = sys.argv.pop(1)
ranking.PREPARE_AT = 100
for name, cls in (("vocabulary", ranking.Vocabulary), ("topics", Topics)):
    def counted(klass, *args, _name=name, _fit=cls.fit.__func__, **kwargs):
        with open(fits, "a", encoding="utf-8") as out:
            out.write(_name + "\\n")
        return _fit(klass, *args, **kwargs)
    cls.fit = classmethod(counted)
sys.argv[0] = "papers"
from papercli.cli.main import main
main()
"""


async def test_the_server_prepares_related_papers_as_it_starts(papers: Any, home: Home,
                                                               tmp_path: Any) -> None:
    """An import with --no-prepare left the vocabulary and topics for the first
    related_papers to fit (seconds over a big library, near what some clients give a
    call): the server fits them on the side as it starts, answering meanwhile, and
    related_papers then reads them and ranks as `papers related` does. A ranking call
    made at once waits for that fit instead of fitting beside it."""
    items = _items()
    source = tmp_path / "library.json"
    source.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(source), "--no-prepare").exit_code == 0
    cache = home.cache / "papercli" / "ranking"
    assert not cache.exists()
    fits = tmp_path / "fits.txt"
    query = items[0]["paper"]["id"]

    def fitted() -> list[str]:
        return fits.read_text(encoding="utf-8").split() if fits.exists() else []

    async with server(start=("-c", _COUNTING, str(fits))) as session:
        found = await call(session, "search", query="mesh", limit=3)  # not kept waiting
        assert len(found) == 3
        for _ in range(1200):  # no call of ours asks for them
            if (cache / "topics.json").is_file():
                break
            await asyncio.sleep(0.1)
        assert sorted(fitted()) == ["topics", "vocabulary"]
        related = await call(session, "related_papers", id=query, limit=5, detail="full")
    assert sorted(fitted()) == ["topics", "vocabulary"]  # read back, not fitted again
    assert related == cli_json(papers, "related", query, "-n", "5", "--offline")
    # Asked at once, before the fit on the side is done: one fit, not two.
    shutil.rmtree(cache)
    fits.unlink()
    async with server(start=("-c", _COUNTING, str(fits))) as session:
        again = await call(session, "related_papers", id=query, limit=5, detail="full")
    assert again == related
    assert sorted(fitted()) == ["topics", "vocabulary"]


# `papers mcp` whose warm-up (the thread that fits what ranking reads) is held at its fits,
# each fit written down as a line of the file named first ("vocabulary-by-warm-up",
# "topics-by-call"...): the vocabulary is fitted 2 s after a tool call has come in, the
# topics once the test writes "go" (each wait bounded, so that a server that never gets
# there still ends).
_GATED = """
import sys, threading, time
from papercli import mcpserver, ranking
from papercli.topics import Topics
log = sys.argv.pop(1)
ranking.PREPARE_AT = 100

def write(line):
    with open(log, "a", encoding="utf-8") as out:
        out.write(line + "\\n")

def until(word):
    end = time.monotonic() + 60
    while word not in open(log, encoding="utf-8").read().split():
        if time.monotonic() > end:
            return
        time.sleep(0.02)

for name, cls in (("vocabulary", ranking.Vocabulary), ("topics", Topics)):
    def gated(klass, *args, _name=name, _fit=cls.fit.__func__, **kwargs):
        warm_up = threading.current_thread().name == "papers-mcp-prepare"
        if warm_up and _name == "vocabulary":
            until("called")
            time.sleep(2)
        elif warm_up:
            until("go")
        write(_name + ("-by-warm-up" if warm_up else "-by-call"))
        return _fit(klass, *args, **kwargs)
    cls.fit = classmethod(gated)
called = mcpserver.call
def logged(*args, **kwargs):
    write("called")
    return called(*args, **kwargs)
mcpserver.call = logged
sys.argv[0] = "papers"
from papercli.cli.main import main
main()
"""


async def test_a_taste_waits_for_the_warm_ups_vocabulary_alone(papers: Any, home: Home,
                                                                tmp_path: Any) -> None:
    """A listing sorted by relevance reads the vocabulary, as for_you does: asked as the
    server starts, it waits for the warm-up's fit instead of fitting beside it (two fits
    in one interpreter each took twice as long: 34 s where `papers search` took 7); and
    neither waits for the topics, which only related_papers reads (for_you waited for
    both)."""
    items = _items()
    source = tmp_path / "library.json"
    source.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(source), "--no-prepare").exit_code == 0
    cache = home.cache / "papercli" / "ranking"
    log = tmp_path / "fits.txt"
    log.write_text("", encoding="utf-8")
    query = items[0]["paper"]["id"]

    def said() -> list[str]:
        return log.read_text(encoding="utf-8").split()

    async with server(start=("-c", _GATED, str(log))) as session:
        found = await call(session, "search", query="mesh", sort="relevance", limit=3,
                           detail="full")
        assert [w for w in said() if w.startswith("vocabulary")] == [
            "vocabulary-by-warm-up"]  # (before: vocabulary-by-call too)
        mine = await call(session, "for_you", limit=3, detail="full")
        assert not [w for w in said() if w.startswith("topics")]  # still held
        # A paper the library lacks fails at once, without waiting for a fit it never
        # reads (before: once the topics were fitted).
        assert "1501.00001 is not in the local library" in await error(
            session, "related_papers", id="1501.00001")
        assert "not in the library: 1501.00002" in await error(
            session, "for_you", like=["1501.00002"])
        assert not [w for w in said() if w.startswith("topics")]
        with log.open("a", encoding="utf-8") as out:
            out.write("go\n")
        related = await call(session, "related_papers", id=query, limit=3, detail="full")
    assert sorted(w for w in said() if "-by-" in w) == ["topics-by-warm-up",
                                                        "vocabulary-by-warm-up"]
    assert (cache / "topics.json").is_file()
    assert found == cli_json(papers, "search", "mesh", "--sort", "relevance", "-n", "3",
                             "--offline")
    assert mine == cli_json(papers, "for-you", "-n", "3")
    assert related == cli_json(papers, "related", query, "-n", "3", "--offline")


def _gated_library(papers: Any, tmp_path: Any, log: str) -> tuple[Any, str]:
    """A library of `_items()` (its ranking data not prepared) and the fits log a
    `_GATED` server writes, starting as `log`; the log and the first paper's id."""
    items = _items()
    source = tmp_path / "library.json"
    source.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(source), "--no-prepare").exit_code == 0
    fits = tmp_path / "fits.txt"
    fits.write_text(log, encoding="utf-8")
    return fits, items[0]["paper"]["id"]


async def test_liking_a_paper_it_has_among_one_it_lacks_waits_for_the_warm_up(
        papers: Any, home: Home, tmp_path: Any) -> None:
    """for_you whose like names a paper the library lacks beside one it has ranks by the
    one it has: it waits for the warm-up's vocabulary as any for_you does, rather than
    fitting one beside it as if the call would fail at once (as it does when the library
    has none of them)."""
    log, liked = _gated_library(papers, tmp_path, "")
    async with server(start=("-c", _GATED, str(log))) as session:
        got = await session.call_tool("for_you", {"like": ["1501.00009", liked],
                                                  "limit": 3, "detail": "full"})
        assert not got.is_error, got.content
        ranked = json.loads(got.content[0].text)  # type: ignore[union-attr]
        said = got.content[1].text  # type: ignore[union-attr]
    fitted = log.read_text(encoding="utf-8").split()
    assert [w for w in fitted if w.startswith("vocabulary")] == [
        "vocabulary-by-warm-up"], fitted  # (before: vocabulary-by-call)
    assert "warning: 1501.00009 is not in the library" in said, said
    assert ranked == cli_json(papers, "for-you", "--like", liked, "-n", "3")


async def test_related_to_a_paper_it_has_among_one_it_lacks_waits_for_the_warm_up(
        papers: Any, home: Home, tmp_path: Any) -> None:
    """related_papers naming a paper the library lacks beside one it has ranks by the
    one it has: it waits for the warm-up's topics as any related_papers does, rather than
    fitting them beside it as if the call would fail at once (as it does when the library
    has none of them)."""
    log, had = _gated_library(papers, tmp_path, "go\n")  # (the topics not held back)
    async with server(start=("-c", _GATED, str(log))) as session:
        got = await session.call_tool("related_papers", {
            "id": "1501.00009", "with_ids": [had], "limit": 3, "detail": "full"})
        assert not got.is_error, got.content
        ranked = json.loads(got.content[0].text)  # type: ignore[union-attr]
        said = got.content[1].text  # type: ignore[union-attr]
    fitted = [w for w in log.read_text(encoding="utf-8").split() if "-by-" in w]
    assert sorted(fitted) == ["topics-by-warm-up", "vocabulary-by-warm-up"], fitted
    # (before: vocabulary-by-call and topics-by-call too, fitted beside the warm-up)
    assert "warning: 1501.00009 is not in the local library" in said, said
    assert ranked == cli_json(papers, "related", had, "-n", "3", "--offline")


async def test_seeding_and_per_topic_taste_as_the_command_line(library: Any,
                                                                home: Any) -> None:
    """for_you's `like` and `watch`, related_papers' `with_ids`: the same lists as
    `for-you --like`, `for-you --watch` and `related A B` give."""
    papers = library
    write_config(home, '[watch.llava]\nfamily = ["LLaVA"]\n')
    for pid in ("2408.15881", "2401.01055", "2404.14047"):
        assert papers("star", pid, "--offline").exit_code == 0
    async with server() as session:
        together = await call(session, "related_papers", id="2408.15881",
                              with_ids=["2404.14047"], limit=5, detail="full")
        assert together == cli_json(papers, "related", "2408.15881", "2404.14047", "-n", "5",
                                    "--offline")
        assert together != await call(session, "related_papers", id="2408.15881", limit=5,
                                      detail="full")
        liked = await call(session, "for_you", like=["2408.15881"], since="2023-01-01",
                           limit=4, detail="full")
        assert liked == cli_json(papers, "for-you", "--like", "2408.15881", "--since",
                                 "2023-01-01", "-n", "4")
        watched = await call(session, "for_you", watch="llava", since="2023-01-01", limit=4,
                             detail="full")
        assert watched == cli_json(papers, "for-you", "--watch", "llava", "--since",
                                   "2023-01-01", "-n", "4")
        assert "llava" in await error(session, "for_you", watch="nosuch")


async def test_listings_come_from_the_library_offline(seeded_hub: HubServer,
                                                      papers: Any) -> None:
    """Fetched once by the command line; the server lists them with no request."""
    today = cli_json(papers, "today")
    yesterday = cli_json(papers, "day", "yesterday")
    week = cli_json(papers, "week", "-s", "upvotes", "-n", "5")
    seeded_hub.reset_log()
    async with server() as session:
        assert await call(session, "list_papers", period="today", limit=50,
                          detail="full") == today
        assert await call(session, "list_papers", period="day",
                          date=(TODAY.replace(day=TODAY.day - 1)).isoformat(),
                          limit=50, detail="full") == yesterday
        assert await call(session, "list_papers", period="week", sort="upvotes",
                          limit=5, detail="full") == week
        result = await session.call_tool("list_papers", {"period": "today", "limit": 3})
        caption = result.content[1].text  # type: ignore[union-attr]
        assert caption.split("\n")[1].startswith(f"3 of {len(today)} papers")
    assert seeded_hub.count("/") == 0


async def test_a_listing_says_which_day_week_or_month_it_holds(
        hub: HubServer, papers: Any) -> None:
    """No paper's JSON says which listing it came from: the notes start with the
    command's title, so that `today` before the day's listing says the day it showed
    (before: "3 of 9 papers · ..." alone, read as today's papers)."""
    yesterday = TODAY - timedelta(days=1)
    hub.set_day(yesterday, seed_items()[10:])
    hub.set_day(TODAY, [])
    assert papers("today").exit_code == 0
    async with server() as session:
        said = (await notes(session, "list_papers", period="today", limit=3)).split("\n")
        assert said[0] == (f"Daily Papers — {yesterday} (latest cached; nothing cached "
                           f"for {TODAY})"), said
        assert said[1].startswith("3 of 9 papers · "), said
        said = (await notes(session, "list_papers", period="week", keyword=["llava"],
                            limit=1)).split("\n")
        week = TODAY.isocalendar()
        assert said[0] == f"Weekly Papers — {week[0]}-W{week[1]:02} · keyword llava", said
        # A search or a span of the library says what it is in its arguments: no title.
        assert (await notes(session, "list_papers", since="2020-01-01", limit=1)
                ).startswith("1 of ")


async def test_a_date_after_today_is_answered_as_the_command_line_answers_it(
        library: Any) -> None:
    """`papers search --since` a date after today finds nothing (a note, exit 0), while
    `papers day` (week, month) of one is a usage error (exit 2): the tools answer each as
    the command does, in its words (list_papers' error is the listing's own check, the
    command's, whatever it says)."""
    papers = library
    since = f"{TODAY.year + 1}-01-01"
    assert cli_json(papers, "search", "--since", since, "--offline") == []
    found = papers("search", "--since", since, "--offline")  # (its note: not with --json)
    assert found.exit_code == 0
    later = TODAY + timedelta(days=1)
    refused = [(period, when, papers(period, when, "--offline")) for period, when in [
        ("day", str(later)), ("week", f"{TODAY.year + 1}-W02"),
        ("month", f"{TODAY.year + 1}-02")]]
    async with server() as session:
        result = await session.call_tool("search", {"since": since})
        assert not result.is_error and json.loads(
            result.content[0].text) == []  # type: ignore[union-attr]
        assert result.content[1].text.split("\n")[0] == one_line(  # type: ignore
            found.stderr).removeprefix("papers: ")
        for period, when, cli in refused:
            assert cli.exit_code == 2, cli.stderr
            assert await error(session, "list_papers", period=period, date=when) == (
                one_line(cli.stderr).removeprefix("papers: error: "))


async def test_offline_unless_online(seeded_hub: HubServer, library: Any) -> None:
    """Without --online no tool makes a request (what the library lacks is an error that
    says so); with it, the same calls ask the loopback Hub."""
    async with server() as session:
        await call(session, "search", query="llava")
        assert "not in the local library" in await error(session, "show_paper",
                                                         id="2411.00001")
        assert "papers mcp --online" in await error(session, "list_papers", period="day",
                                                    date="yesterday")
    assert seeded_hub.count("/") == 0
    async with server("--online") as session:
        hits = await call(session, "search", query="llava")
        listed = await call(session, "list_papers", period="today", limit=50)
    assert seeded_hub.count("/api/") >= 2
    assert hits and len(listed) == 10


async def test_answers_are_compact_and_sized_for_the_clients(hub: HubServer,
                                                             library: Any) -> None:
    """The command's JSON without its indentation (the same data), a full text 25,000
    characters a page unless asked, and at most 50 papers a call."""
    papers = library
    hub.set_full_text("2401.01055", ("word " * 6000).encode())  # 30,000 characters
    assert papers("show", "2401.01055", "--full").exit_code == 0  # kept
    async with server() as session:
        tools = {t.name: t.input_schema for t in (await session.list_tools()).tools}
        assert tools["search"]["properties"]["limit"]["maximum"] == 50
        assert tools["full_text"]["properties"]["max_chars"]["default"] == 25_000
        listed = await session.call_tool("search", {"query": "llava", "limit": 3,
                                                    "detail": "full"})
        shown = await session.call_tool("show_paper", {"id": "2401.01055"})
        page = await call(session, "full_text", id="2401.01055")
    for result, want in ((listed, cli_json(papers, "search", "llava", "-n", "3")),
                         (shown, cli_json(papers, "show", "2401.01055", "--offline"))):
        text = result.content[0].text  # type: ignore[union-attr]
        assert json.loads(text) == want
        assert text.count("\n") == 1  # one line: no indentation
    assert (len(page["full_text"]), page["next_offset"], page["total_chars"]) == (
        25_000, 25_000, 30_000)


async def test_a_listing_holds_no_more_than_an_answer_may(library: Any,
                                                          tmp_path: Any) -> None:
    """30 papers of long abstracts are more than 100,000 characters of JSON, which the
    common clients cut or refuse: the answer holds the first ones that fit, each whole,
    and says so (before: all 30, 130,000 characters), and where the others start."""
    papers = library
    items = []
    for n in range(30):
        stamp = f"2024-03-{1 + n % 28:02d}T08:00:00.000Z"
        summary = f"Kumquat ripening {n}. " + "A long abstract of many words. " * 125
        items.append({"paper": {"id": f"2403.{n:05d}", "title": f"Kumquat {n}",
                                "summary": summary, "authors": [{"name": "Ann Example"}],
                                "publishedAt": stamp, "submittedOnDailyAt": stamp,
                                "upvotes": n},
                      "publishedAt": stamp, "title": f"Kumquat {n}", "numComments": 0})
    (tmp_path / "long.json").write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(tmp_path / "long.json")).exit_code == 0
    whole = cli_json(papers, "search", "kumquat", "-n", "30", "--offline")
    assert len(whole) == 30 and len(json.dumps(whole, ensure_ascii=False)) > 100_000
    async with server() as session:
        result = await session.call_tool("search", {"query": "kumquat", "limit": 30,
                                                    "detail": "full"})
        small = await call(session, "search", query="kumquat", limit=5, detail="full")
        text = result.content[0].text  # type: ignore[union-attr]
        held = json.loads(text)
        assert len(text) <= 100_000 and 20 <= len(held) < 30
        # The papers left out are the next page's (before: out of reach but by filters).
        said = result.content[1].text  # type: ignore[union-attr]
        assert said.startswith(f"papers 1-{len(held)} of 30 ")
        assert (f"this answer holds {len(held)} of the 30 papers asked for: 100,000 "
                "characters of JSON is as much as one answer holds") in said
        assert f"more: call again with offset {len(held)} for the next papers" in said
        rest = await session.call_tool("search", {"query": "kumquat", "limit": 30,
                                                  "offset": len(held), "detail": "full"})
    assert held == whole[:len(held)]  # the first ones, each whole
    assert json.loads(rest.content[0].text) == whole[len(held):]  # type: ignore[union-attr]
    assert rest.content[1].text.startswith(  # type: ignore[union-attr]
        f"papers {len(held) + 1}-30 of 30 ")
    assert "more:" not in rest.content[1].text  # type: ignore[union-attr]
    assert small == whole[:5]


async def test_every_starred_paper_is_reached_a_page_at_a_time(library: Any) -> None:
    """A listing holds at most 50 papers: "all the user's starred papers" were out of
    reach past them (before: offset was no argument). Each page says which papers of
    how many it holds, and where the next one starts, until the last."""
    import re

    papers = library
    async with server() as session:
        # The other listing tools page the same way: a page is the slice of the command's.
        for tool, arguments, command, start in (
                ("list_papers", {"since": "2020-01-01"}, ("search", "--since", "2020-01-01"),
                 6),
                ("for_you", {"since": "2020-01-01"}, ("for-you", "--since", "2020-01-01"),
                 6),
                ("related_papers", {"id": "2408.15881"}, ("related", "2408.15881",
                                                          "--offline"), 1)):
            whole = cli_json(papers, *command, "-n", str(start + 3))
            assert len(whole) == start + 3, tool
            page = await call(session, tool, **arguments, limit=3, offset=start,
                              detail="full")
            assert page == whole[start:], tool
    every = cli_json(papers, "search", "-n", "0")
    assert len(every) == 19
    assert papers("star", *[p["id"] for p in every], "--offline").exit_code == 0
    starred = cli_json(papers, "search", "--starred", "-n", "0")
    got: list[Any] = []
    said: list[str] = []
    async with server() as session:
        offset: int | None = 0
        while offset is not None:
            result = await session.call_tool("search", {"starred": True, "limit": 5,
                                                        "offset": offset, "detail": "full"})
            assert not result.is_error, result.content
            got += json.loads(result.content[0].text)  # type: ignore[union-attr]
            said.append(result.content[1].text)  # type: ignore[union-attr]
            more = re.search(r"more: call again with offset (\d+)", said[-1])
            offset = int(more[1]) if more else None
        assert len(said) == 4
        past = await error(session, "search", starred=True, offset=19)
        assert past.startswith("offset 19 is past the last of these 19 papers"), past
        assert (await error(session, "search", query="2401.01055", offset=1)).startswith(
            "offset 1 is past the only paper: there are no more")
        # None at all, from any offset, is the empty list with what says why (before:
        # "offset 5 is past the last of these 0 papers", the warning hidden).
        result = await session.call_tool("search", {"has_model": True, "offset": 5})
        assert not result.is_error, result.content
        assert result.content[0].text == "[]\n"  # type: ignore[union-attr]
        said_none = result.content[1].text  # type: ignore[union-attr]
        assert said_none.startswith("warning: 19 papers left out: their linked models "
                                    "are not known yet"), said_none
        assert said_none.endswith("\n0 papers · from the local library"), said_none
    assert got == starred
    assert said[0].startswith("5 of 19 papers")  # the first page: the command's caption
    assert said[1].startswith("papers 6-10 of 19 ")
    assert "more: call again with offset 10 for the next papers" in said[1]
    assert said[3].startswith("papers 16-19 of 19 ") and "more:" not in said[3]


def test_a_page_past_the_highest_offset_says_to_narrow_the_filters(
        library: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The next page's offset is named only while a call may give it: past MAX_OFFSET
    (which bounds what one call gathers), the answer says to narrow the filters."""
    from papercli import mcpserver

    monkeypatch.setattr(mcpserver, "MAX_OFFSET", 8)
    answer = mcpserver.call("search", {"limit": 4, "offset": 4}, mcpserver.Settings())
    assert answer.notes[-1] == "more: call again with offset 8 for the next papers"
    answer = mcpserver.call("search", {"limit": 4, "offset": 8}, mcpserver.Settings())
    assert answer.notes[-1] == ("more: 8 is the highest offset; narrow the filters (or sort "
                                "otherwise) to see the others"), answer.notes
    assert answer.notes[-2].startswith("papers 9-12 of 19 ")


async def test_network_offline_in_the_config_is_named_even_with_online(
        library: Any, home: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """--online cannot fetch past network.offline: the miss names the setting (as the
    command line's does), not --online."""
    write_config(home, "[network]\noffline = true\n")
    async with server("--online") as session:
        said = await error(session, "show_paper", id="2411.00001")
    assert "not in the local library" in said
    assert "network.offline is true in the user's config.toml" in said
    assert "papers config set network.offline false" in said
    assert "papers mcp --online" not in said
    async with server() as session:  # both: the setting and --online
        said = await error(session, "show_paper", id="2411.00001")
    assert "network.offline" in said and "papers mcp --online" in said
    write_config(home, "")
    monkeypatch.setenv("PAPERS_OFFLINE", "1")
    async with server("--online") as session:
        assert "PAPERS_OFFLINE is set" in await error(session, "show_paper",
                                                      id="2411.00001")


async def test_full_text_as_show_full_a_page_at_a_time(hub: HubServer, library: Any) -> None:
    papers = library
    text = "# A Title\n\nZoë's $\\alpha$ and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n" * 50
    hub.set_full_text("2401.01055", text.encode())
    hub.set_full_text("2404.14047", b"# Another\n\nshort\n")
    async with server() as session:  # offline: not kept yet, and no request
        assert "papers mcp --online" in await error(session, "full_text", id="2401.01055")
        assert hub.count("/") == 0
        kept = cli_json(papers, "show", "2401.01055", "--full")  # fetched and kept
        assert kept == {"id": "2401.01055", "full_text": text}
        whole = await call(session, "full_text", id="2401.01055")
        assert whole == {**kept, "offset": 0, "total_chars": len(text), "next_offset": None}
        first = await call(session, "full_text", id="arxiv:2401.01055", max_chars=100)
        rest = await call(session, "full_text", id="2401.01055",
                          offset=first["next_offset"], max_chars=len(text))
        assert first["full_text"] + rest["full_text"] == text
        assert (first["next_offset"], rest["next_offset"]) == (100, None)
        said = {n: await notes(session, "full_text", id="2401.01055", offset=n,
                               max_chars=100) for n in (0, len(text) - 50, len(text))}
        assert said[0].endswith("call again with offset 100 for more")
        assert "for more" not in said[len(text) - 50] + said[len(text)]
        assert all("there is no more" in said[n] for n in (len(text) - 50, len(text)))
        assert "past the end of the text (3,500 characters): there is no more" in await \
            error(session, "full_text", id="2401.01055", offset=len(text) + 1)
        assert "max_chars must be" in await error(session, "full_text", id="2401.01055",
                                                  max_chars=10**7)
    assert hub.count("/") == 1  # the command line's one fetch
    async with server("--online") as session:
        assert (await call(session, "full_text", id="2404.14047"))["full_text"] == (
            "# Another\n\nshort\n")
        assert "no full text" in await error(session, "full_text", id="2501.03895")


async def test_full_text_is_cleaned_as_show_full_json(hub: HubServer, library: Any) -> None:
    """A text holding a screen clear, a title change, a bell and a bidi override: the
    tool gives it as `papers show ID --full --json` does, without them, and its offsets
    count the text it gives (it sent the Hub's escapes to the assistant as served)."""
    papers = library
    hub.set_full_text("2401.01055", b"# Evil \x1b[2J\x1b]0;pwned\x07title\n\n"
                      b"\x07\x1b[31mred\x1b[0m and \xe2\x80\xaeevil\xe2\x80\xac\tend\n")
    kept = cli_json(papers, "show", "2401.01055", "--full")
    assert kept == {"id": "2401.01055", "full_text": "# Evil title\n\nred and evil\tend\n"}
    async with server() as session:
        whole = await call(session, "full_text", id="2401.01055")
        first = await call(session, "full_text", id="2401.01055", max_chars=10)
    assert whole == {**kept, "offset": 0, "total_chars": len(kept["full_text"]),
                     "next_offset": None}
    assert (first["full_text"], first["next_offset"]) == ("# Evil tit", 10)


async def test_full_text_of_a_paper_that_is_nowhere_says_so_as_show_full(
        hub: HubServer, library: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A paper neither the Hub nor arXiv knows: full_text says so, as `papers show ID
    --full` and show_paper do, not "no full text on the Hub — show_paper shows its
    abstract" (which then fails); a paper only arXiv knows keeps that hint."""
    from datetime import UTC, datetime

    from arxivserver import ArxivServer, Paper

    papers = library
    with ArxivServer() as arx:
        monkeypatch.setenv("ARXIV_API_ENDPOINT", arx.api_url)
        arx.add(Paper("2403.03141", "Only on arXiv", ["math.CO"],
                      datetime(2024, 3, 4, tzinfo=UTC)))
        cli = papers("show", "2412.99999", "--full")
        assert cli.exit_code == 1 and cli.stdout == ""
        assert "neither the Hub nor arXiv" in cli.stderr, cli.stderr
        async with server("--online") as session:
            nowhere = await error(session, "full_text", id="2412.99999")
            assert "neither the Hub nor arXiv" in nowhere and "show_paper" not in nowhere
            assert nowhere == await error(session, "show_paper", id="2412.99999")
            only_arxiv = await error(session, "full_text", id="2403.03141")
            assert "no full text on the Hub" in only_arxiv and "show_paper" in only_arxiv
            assert (await call(session, "show_paper", id="2403.03141"))["title"] == (
                "Only on arXiv")


async def test_a_setting_to_check_is_the_users_to_check(
        hub: HubServer, library: Any, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """A source out of reach: the variable or setting to check, which only the user can
    change (the server's environment, the user's config), is said as the user's to check
    (before: "check ARXIV_API_ENDPOINT", advice the assistant could not take); the
    command line's line says to check it, to the user."""
    from papercli.mcpserver import TOOLS, _tool_terms

    papers = library
    with socket.socket() as closed:  # a loopback port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    monkeypatch.setenv("ARXIV_API_ENDPOINT", f"http://127.0.0.1:{port}/api/query")
    cli = papers("show", "2412.99999")
    assert cli.exit_code == 1 and "ARXIV_API_ENDPOINT" in cli.stderr, cli.stderr
    assert "check" in cli.stderr and "the user" not in cli.stderr
    properties = next(t for t in TOOLS if t.name == "show_paper").properties
    said = []
    async with server("--online") as session:
        said.append(await error(session, "show_paper", id="2412.99999"))
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    async with server("--online") as session:
        said.append(await error(session, "show_paper", id="2412.99999"))
    monkeypatch.delenv("HF_ENDPOINT")
    write_config(home, f'[hub]\nendpoint = "http://127.0.0.1:{port}"\n')
    async with server("--online") as session:
        said.append(await error(session, "show_paper", id="2412.99999"))
    arxiv, variable, setting = said
    assert arxiv.startswith("paper 2412.99999 is not on the Hub — arXiv could not be "
                            "asked either ("), arxiv
    assert arxiv.endswith("refused the connection); tell the user to check "
                          "ARXIV_API_ENDPOINT"), arxiv
    assert variable.endswith(" refused the connection — tell the user to check "
                             "HF_ENDPOINT"), variable
    assert setting.endswith(" refused the connection — tell the user to check "
                            "hub.endpoint"), setting
    for line in said:  # (said so once, however often said in the tools' terms)
        assert _tool_terms(line, properties) == line


async def test_full_text_offline_of_a_paper_the_library_lacks_says_so(
        library: Any) -> None:
    """Offline, a paper the library lacks: its full text is "not in the local library",
    as show_paper and `papers show ID --full --offline` say it (before: "no full text of
    ID downloaded yet", read as if the paper were there); one the library has, whose text
    was never fetched, keeps "no full text downloaded yet"."""
    cli = library("show", "2412.99999", "--full", "--offline")
    assert (cli.exit_code, cli.stdout) == (1, "")
    assert one_line(cli.stderr) == (
        "papers: error: 2412.99999 is not in the local library — run without --offline")
    kept = library("show", "2401.01055", "--full", "--offline")
    assert one_line(kept.stderr) == ("papers: error: no full text of 2401.01055 downloaded "
                                     "yet — run without --offline")
    async with server() as session:
        assert await error(session, "full_text", id="2412.99999") == (
            "2412.99999 is not in the local library — this server is offline: the user "
            "can start it with `papers mcp --online` to let it fetch from the Hub (or "
            "fetch with `papers show 2412.99999 --full`)")
        assert (await error(session, "full_text", id="2401.01055")).startswith(
            "no full text of 2401.01055 downloaded yet — ")


async def test_an_offline_miss_names_the_papers_to_fetch_that_the_library_lacks(
        library: Any) -> None:
    """The user's command that fetches what an offline call lacks names the papers the
    miss names (before: related_papers lacking a paper of with_ids sent the user to fetch
    its id, which the library holds; star to fetch `ID`)."""
    async with server("--allow-writes") as session:
        # (ranked by the paper the library has, the other warned of)
        assert (await notes(session, "related_papers", id="2401.01055",
                            with_ids=["arxiv:2412.99999v2"])).splitlines()[0].endswith(
            "(or fetch with `papers show 2412.99999`)")
        # (the paper the library has is starred, the others named: `failed`)
        assert (await notes(session, "star", ids=["2401.01055", "2412.99999",
                                                  "https://arxiv.org/abs/2412.99998"])
                ).endswith("(or fetch with `papers show 2412.99999 2412.99998`)")
        assert (await error(session, "star", ids=["2412.99999",
                                                  "https://arxiv.org/abs/2412.99998"])
                ).endswith("(or fetch with `papers show 2412.99999 2412.99998`)")


async def test_bad_arguments_and_unknown_papers_are_one_line_tool_errors(
        library: Any) -> None:
    async with server() as session:
        assert "not a paper id" in await error(session, "show_paper", id="2401.0105;rm")
        # (a path is not pointed at the search a word is: "e.g. 2401.01055", not papers search)
        assert "not a paper id" in await error(session, "related_papers", id="../etc")
        assert "not a paper id" in await error(session, "related_papers", id="llava")
        assert "needs id" in await error(session, "show_paper")
        # Blanks are no id, said as a missing one is (before: "id is needed" for "  ",
        # "show_paper needs id" for "").
        for blank in ("", "  ", "\t\n"):
            assert await error(session, "show_paper", id=blank) == "show_paper needs id"
            assert await error(session, "related_papers", id=blank) == (
                "related_papers needs id")
        # The user's command that fetches it is named (before: "the papers command").
        assert await error(session, "show_paper", id="arxiv.org/abs/1501.00001v2") == (
            "1501.00001 is not in the local library — this server is offline: the user "
            "can start it with `papers mcp --online` to let it fetch from the Hub (or "
            "fetch with `papers show 1501.00001`)")
        assert (await error(session, "full_text", id="2401.01055")).endswith(
            "(or fetch with `papers show 2401.01055 --full`)")
        # A miss with a hint of its own keeps it, as the command line does: a weekend
        # has nothing to fetch (before: the assistant was sent to fetch it).
        assert await error(session, "list_papers", period="day", date="2023-12-31") == (
            "2023-12-31 is not in the local library — nothing is listed on Sundays "
            "(`list_papers` (period day, date 2023-12-29) for the Friday)")
        assert "limit must be 1 to 50" in await error(session, "search", query="x",
                                                      limit=51)
        assert "limit must be 1 to 50" in await error(session, "search", limit=0)
        assert "whole number" in await error(session, "search", min_upvotes="many")
        assert "since" in await error(session, "search", since="next tuesday")
        assert "no argument 'bogus'" in await error(session, "search", bogus=1)
        assert "sort must be one of" in await error(session, "search", sort="random")
        assert "period" in await error(session, "list_papers")
        assert "2024-W99" in await error(session, "list_papers", period="week",
                                          date="2024-W99")
        assert "not a tool" in await unknown(session, "drop_tables")
        assert await error(session, "for_you", since="2999-01-01") == (
            "since 2999-01-01 is in the future — pick today or earlier")
        # Still serving after all of them.
        assert await call(session, "show_paper", id="2401.01055")


async def test_several_ids_in_one_string_are_said_in_the_tools_terms(library: Any) -> None:
    """Ids pasted as one string ("A B", "A,B") are told apart per argument: each as an
    item of a list, the others in with_ids, or one call each (before: the command line's
    hints, "leave the $(…) unquoted, or pipe them", "separate the ids with spaces")."""
    async with server() as session:
        assert await error(session, "related_papers", id="2401.01055 2404.14047") == (
            "id: '2401.01055 2404.14047' holds 2 paper ids, not one — give one as id and "
            'the others in with_ids: id "2401.01055", with_ids ["2404.14047"]')
        assert await error(session, "for_you", like=["2401.01055,2404.14047"]) == (
            "like: '2401.01055,2404.14047' holds 2 paper ids, not one — give each as an "
            'item of its own: like ["2401.01055", "2404.14047"]')
        assert await error(session, "show_paper", id="2401.01055\n2404.14047") == (
            "id: '2401.01055\\n2404.14047' holds 2 paper ids, not one — show_paper takes "
            "one paper a call: call it once for each (2401.01055, 2404.14047)")
        assert await error(session, "show_paper", id="-") == (
            "id: '-' is not a paper id — give the id itself, e.g. 2401.01055")
        # One id in punctuation is still the command line's "did you mean".
        assert await error(session, "show_paper", id="<2401.01055>") == (
            "'<2401.01055>' is not a paper id — did you mean 2401.01055?")


async def test_errors_and_notes_are_in_the_tools_terms(library: Any) -> None:
    """The core's messages name the command line's options and commands: a tool's error
    names its arguments and the tools instead, and a command only the user can run as
    the user's."""
    async with server() as session:
        assert (await error(session, "search", since="garbage")).startswith(
            "since 'garbage' — use YYYY[-MM[-DD]]")
        # A query quoted back is as given, though it looks like an option (-x, -k).
        said = await notes(session, "search", query="-x")
        assert said.startswith("warning: '-x' only leaves papers out"), said
        assert "try `search` (exclude x)" in said
        # A day's date as the argument it is (the command line's operand is DATE).
        assert (await error(session, "list_papers", period="day", date="2026-02-30")
                ) == "invalid day '2026-02-30' — 2026-02 has 28 days"
        assert await error(session, "list_papers", since="2024-02-01",
                           until="2024-01-01") == ("since 2024-02-01 is after until "
                                                   "2024-01-01 — swap the dates")
        # Offline, show_paper fetches nothing: the fetch is the user's (before: the
        # assistant called show_paper, to be told "not in the local library").
        assert await error(session, "for_you", like=["2501.99999"]) == (
            "not in the library: 2501.99999 — the user's command `papers show 2501.99999` "
            "fetches it")
        assert await error(session, "for_you", watch="nosuch") == (
            "no watch named 'nosuch' — add one with the user's command "
            "`papers watch add NAME`")
        # Short options too (`-k WORD`): the hint names the tool's arguments.
        assert await error(session, "for_you", like=["2401.01055"], watch="any") == (
            "like and watch cannot be combined: each chooses the papers the list is "
            "ranked by — give one of them; to rank only some papers, add a filter "
            "(keyword, family)")
        assert "`search` (query 'attention please') finds papers" in await error(
            session, "show_paper", id="attention please")
        # A word alone too (before: "`search` llava finds papers", the word outside).
        assert "`search` (query llava) finds papers" in await error(
            session, "show_paper", id="llava")
        said = await notes(session, "search", org=["Nowhere Labs"])
        assert "(`list_orgs` lists them)" in said  # the tool that lists them
        # A word in capitals given back in quotes is the query, not a metavar (before:
        # "search each on its own (`search`, `search`)", the words left out).
        said = await notes(session, "search", query="GPT OR BERT")
        assert "`search` (query 'GPT'), then `search` (query 'BERT')" in said, said
        said = await notes(session, "search", query="LLM NOT RL")
        assert "`search` (query 'LLM -RL') leaves 'RL' out" in said, said
        # An option to use instead is the argument (before: "use author"); `author:` is
        # the author filter (tests/test_search_qualifiers.py), a typo of it is said so.
        said = await notes(session, "search", query="autor:smith")
        assert said.startswith("warning: 'autor:' is not a field; use the author "
                               "argument\n"), said  # (the line's 80 columns: 100 whole)


async def test_search_warnings_are_as_short_as_the_commands(library: Any) -> None:
    """A search's warning said in the tools' terms is longer ("the user's command `papers
    unhide ID`", "the org argument"): the command fits its line to 80 columns, and the
    tool said the way it chose, longer, 74 to 92 columns (the hidden paper's "--hidden",
    an option no tool takes, in it). Fitted again to the command's room: no longer than
    what `papers search` says, past its "papers: warning: "."""
    papers = library
    assert papers("hide", "2401.01055").exit_code == 0
    queries = ["2401.01055", "orgg:google zzqq", "tagg:x zzqq"]
    said = {}
    async with server() as session:
        for query in queries:
            said[query] = (await notes(session, "search", query=query)).splitlines()[0]
        nowhere = await notes(session, "search", query="llava", org=["Nowhere Labs"])
    for query in queries:
        line = papers("search", query, "--offline", "-q").stderr.splitlines()[0]
        assert line.startswith("papers: warning: "), line
        cli = line.removeprefix("papers: warning: ")
        assert said[query].startswith("warning: "), said[query]  # the same kind of line
        tool = said[query].removeprefix("warning: ")
        assert len(tool) <= len(cli), (tool, cli)
    # A warning, as `papers search` says it (before: the search's notices came bare)
    assert said["2401.01055"] == ("warning: 2401.01055 is hidden (the user's command "
                                  "`papers unhide`)")
    assert said["orgg:google zzqq"] == "warning: 'orgg:' is not a field; use the org argument"
    # A note too, fitted to a note's room: 92 columns before.
    assert nowhere.startswith(
        "no paper in the library is from 'Nowhere Labs' (`list_orgs` lists them)\n"), nowhere


async def test_a_fetch_is_a_tool_only_when_the_server_is_online(library: Any) -> None:
    """A hint that names a command for fetching (`papers show ID` fetches it) names the
    tool when the server may fetch, the user's command when it is offline; either names
    the paper (before: `papers show ID`, a literal ID)."""
    async with server("--online") as session:
        assert await error(session, "for_you", like=["2501.99999"]) == (
            "not in the library: 2501.99999 — `show_paper` (id 2501.99999) fetches it")
    async with server() as session:
        said = await error(session, "for_you", like=["2501.99999"])
        assert "`show_paper`" not in said and "`papers show 2501.99999`" in said
        assert await error(session, "for_you", like=["2501.99999", "2501.99998"]) == (
            "not in the library: 2501.99999, 2501.99998 — the user's command "
            "`papers show 2501.99999 2501.99998` fetches them")
        # What does not fetch is still the tool, offline.
        assert "`search` (query 'attention please') finds papers" in await error(
            session, "show_paper", id="attention please")


async def test_for_you_like_ranks_by_the_papers_it_has_and_warns_of_the_rest(
        library: Any) -> None:
    """for_you's `like` with a paper the library lacks among papers it has failed as a
    whole (the CLI's "not in the library: …"); now it ranks by those it has and warns of
    the rest, as `papers for-you --like` and `papers related A B` do: the same papers
    as `like` without the unknown one, the warning naming it and the user's command that
    fetches it. None had is still the error."""
    papers = library
    async with server() as session:
        given = await session.call_tool("for_you", {
            "like": ["2501.99999", "2408.15881", "2501.99999"], "since": "2023-01-01",
            "limit": 4, "detail": "full"})
        assert not given.is_error, given.content
        assert json.loads(given.content[0].text) == cli_json(  # type: ignore[union-attr]
            papers, "for-you", "--like", "2408.15881", "--since", "2023-01-01", "-n", "4")
        said = given.content[1].text.splitlines()  # type: ignore[union-attr]
        assert [line for line in said if line.startswith("warning: ")] == [
            "warning: 2501.99999 is not in the library — tell the user to run "
            "`papers show 2501.99999`"], said
        assert "not in the library: 2501.99998" in await error(
            session, "for_you", like=["2501.99998"])


async def test_related_papers_ranks_by_the_papers_it_has_and_warns_of_the_rest(
        library: Any) -> None:
    """related_papers given id and with_ids with a paper the library lacks among papers
    it has failed as a whole, offline ("not in the local library"); now it ranks by those
    it has and warns of the rest, as `papers related A B` and for_you's `like` do: the
    same papers as the call without them, the warning naming them as the tool's error
    would (the user's command that fetches them). None had is still the error."""
    papers = library
    alone = cli_json(papers, "related", "2408.15881", "-n", "4", "--offline")
    async with server() as session:
        for arguments in ({"id": "2501.99999", "with_ids": ["2408.15881", "2501.99998"]},
                          {"id": "2408.15881", "with_ids": ["2501.99999", "2501.99998"]}):
            given = await session.call_tool("related_papers", {**arguments, "limit": 4,
                                                               "detail": "full"})
            assert not given.is_error, given.content
            assert json.loads(given.content[0].text) == alone  # type: ignore[union-attr]
            said = given.content[1].text.splitlines()  # type: ignore[union-attr]
            assert [line for line in said if line.startswith("warning: ")] == [
                "warning: not in the local library: 2501.99999, 2501.99998 — this server "
                "is offline: the user can start it with `papers mcp --online` to let it "
                "fetch from the Hub (or fetch with `papers show 2501.99999 2501.99998`)"
            ], said
        assert await error(session, "related_papers", id="2501.99999",
                           with_ids=["2501.99998"]) == (
            "not in the local library: 2501.99999, 2501.99998 — this server is offline: "
            "the user can start it with `papers mcp --online` to let it fetch from the "
            "Hub (or fetch with `papers show 2501.99999 2501.99998`)")


async def test_related_papers_online_warns_of_a_paper_found_nowhere(
        hub: HubServer, library: Any) -> None:
    """Online, a paper of with_ids the Hub does not know (nor arXiv) is left out with a
    warning naming it, the others ranked by (before: the Hub's 404, the call failed)."""
    papers = library
    async with server("--online") as session:
        given = await session.call_tool("related_papers", {
            "id": "2408.15881", "with_ids": ["2501.99999"], "limit": 4, "detail": "full"})
        assert not given.is_error, given.content
        said = given.content[1].text.splitlines()  # type: ignore[union-attr]
    assert json.loads(given.content[0].text) == cli_json(  # type: ignore[union-attr]
        papers, "related", "2408.15881", "-n", "4", "--offline")
    warned = [line for line in said if line.startswith("warning: ")]
    assert len(warned) == 1 and "2501.99999 is not on the Hub" in warned[0], said


async def test_a_name_that_shows_as_another_is_said_as_sent(library: Any) -> None:
    """An argument or tool name holding control characters, quoted cleaned, read as a
    name the server takes ("search takes no argument 'query' — it takes query, ..."):
    it is quoted as sent, escaped."""
    async with server() as session:
        said = await error(session, "search", **{"qu\x1b[31mery": "llava"})
        assert said.startswith("search takes no argument 'qu\\x1b[31mery' — it takes "
                               "query, "), said
        assert "' query'" in await error(session, "search", **{" query": "llava"})
        assert "'search\\x00' is not a tool" in await unknown(session, "search\x00")


async def test_a_bad_setting_says_the_users_commands_whole(library: Any, home: Any) -> None:
    """A config error's hint names two commands only the user can run, each whole in its
    quotes: the setting and the value they take (before: `papers config set` with the
    key left outside, and `papers config` with unset outside)."""
    papers = library
    home.config_file.parent.mkdir(parents=True, exist_ok=True)
    home.config_file.write_text('[display]\nsort = "bogus"\n', encoding="utf-8")
    failed = papers("search", "llava", "--offline")
    assert failed.exit_code == 1
    assert one_line(failed.stderr) == (
        "papers: error: ~/config/papercli/config.toml, line 2: display.sort 'bogus' — use "
        "trending, upvotes, new, stars or relevance")
    async with server() as session:
        said = await error(session, "search", query="llava")
    assert said.endswith(" — use trending, upvotes, new, stars or relevance; fix it with the "
                         "user's command `papers config set display.sort VALUE`, or the "
                         "user's command `papers config unset display.sort`")


async def test_the_checks_hold_to_the_schemas(hub: HubServer, library: Any) -> None:
    """What the schema allows is taken (5.0 is an integer to JSON Schema) and what it
    refuses is refused (max_chars 0 below its minimum, a watch past its maxLength)."""
    papers = library
    hub.set_full_text("2401.01055", b"# A Title\n\nshort\n")
    assert papers("show", "2401.01055", "--full").exit_code == 0  # kept
    async with server() as session:
        tools = {t.name: t.input_schema for t in (await session.list_tools()).tools}
        assert tools["full_text"]["properties"]["max_chars"]["minimum"] == 1
        assert "max_chars must be 1 to" in await error(session, "full_text",
                                                        id="2401.01055", max_chars=0)
        assert await call(session, "search", query="llava", limit=5.0) == await call(
            session, "search", query="llava", limit=5)
        assert "whole number" in await error(session, "search", query="llava", limit=5.5)
        # A number out of bounds is told the schema's bounds, not the option's "at least
        # 0" (limit 0 is refused too), and a huge one is not called "not a whole number".
        for given in (-1, "-1", 0):
            assert await error(session, "search", limit=given) == (
                f"limit must be 1 to 50, not {int(given)}")
        assert await error(session, "search", min_upvotes=-5) == (
            "min_upvotes must be at least 0, not -5")
        assert await error(session, "search", min_upvotes=10**30) == (
            "min_upvotes must be 0 to 1,000,000,000, not a number of 31 digits")
        assert await error(session, "full_text", id="2401.01055", offset=-1) == (
            "offset must be at least 0, not -1")
        assert tools["for_you"]["properties"]["watch"]["maxLength"] == 100
        # A date's forms said once, and until's too; no filter for_you always refuses.
        since, until = (tools["search"]["properties"][k]["description"]
                        for k in ("since", "until"))
        assert since.count("YYYY-MM-DD") == 1 and "7d, 2w, 3mo, 1y" in until
        # A month, a year or an ISO week, as the command line takes them: since from its
        # first day, until to its last (the description named neither; a year was refused).
        assert "a month YYYY-MM, a year YYYY or an ISO week YYYY-Www, from its first day" in (
            since)
        assert "a month YYYY-MM, a year YYYY or an ISO week YYYY-Www, to its last day" in until
        spans = await call(session, "list_papers", since="2024-01", until="2024-W26")
        assert spans and spans == await call(session, "list_papers", since="2024-01-01",
                                             until="2024-06-30")
        year = await call(session, "list_papers", since="2024", until="2024")
        assert year and year == await call(session, "list_papers", since="2024-01-01",
                                           until="2024-12-31")
        assert "starred" in tools["search"]["properties"]
        # new is the arXiv date, as --sort new is on the command line.
        assert "new (newest arXiv date first)" in tools["list_papers"]["properties"][
            "sort"]["description"]
        assert "starred" not in tools["for_you"]["properties"]
        assert "--" not in json.dumps(tools["search"]["properties"]).replace(
            "`papers export --starred", "")
        assert await error(session, "for_you", watch="w" * 101) == (
            "watch is longer than 100 characters")
        # A list past its maxItems is told the schema's bound (before: "is too long").
        assert tools["search"]["properties"]["keyword"]["maxItems"] == 100
        # The tag filter's items are a tag's length at most, as the tag tool's are
        # (before: 1,000, any word's, and a longer tag was refused past the schema).
        assert tools["search"]["properties"]["tag"]["items"]["maxLength"] == 64
        assert await error(session, "search", tag=["t" * 65]) == (
            "each of tag is at most 64 characters, not 65")
        assert await error(session, "search", keyword=["llava"] * 101) == (
            "keyword takes at most 100 items, not 101")
        assert tools["related_papers"]["properties"]["with_ids"]["maxItems"] == 20
        assert await error(session, "related_papers", id="2401.01055",
                           with_ids=["2401.01055"] * 21) == (
            "with_ids takes at most 20 items, not 21")


async def test_a_number_in_look_alike_digits_is_refused_as_the_command_line_refuses_it(
        library: Any) -> None:
    """A number sent as a string is read as `--limit` reads it: in the digits 0-9 only
    (before: int() read limit "٣", Arabic-Indic, as 3, and "1_0" as 10, where the
    command line refuses both); "5" is still 5."""
    papers = library
    for option, given in (("--limit", "٣"), ("--min-upvotes", "３"), ("--limit", "1_0")):
        refused = papers("search", "llava", option, given)
        assert (refused.exit_code, refused.stdout) == (2, ""), refused.stderr
    async with server() as session:
        assert await call(session, "search", query="llava", limit=" 5 ") == await call(
            session, "search", query="llava", limit=5)
        for name, given in (("limit", "٣"), ("limit", " ٣ "), ("min_upvotes", "３"),
                            ("offset", "१"), ("limit", "1٣")):
            assert await error(session, "search", query="llava", **{name: given}) == (
                f"{name}: {given!r} is not a whole number: type it with the digits 0-9")
        assert await error(session, "search", query="llava", limit="1_0") == (
            "limit: '1_0' is not a whole number")
        assert await error(session, "search", query="llava", limit=" 0") == (
            "limit must be 1 to 50, not 0")  # (read, then held to the schema's bounds)


async def test_an_empty_choice_is_refused_as_an_empty_filter_is(library: Any) -> None:
    """sort "" (or blanks) is refused, as tag "" is, naming the choices (before: taken for
    the default sort, where the command line refuses `--sort ''`); left out or null, the
    default stands."""
    papers = library
    refused = papers("search", "llava", "--sort", "")
    assert (refused.exit_code, refused.stdout) == (2, ""), refused.stderr
    async with server() as session:
        assert await call(session, "search", query="llava", sort=None) == await call(
            session, "search", query="llava")
        for blank in ("", "\t"):
            assert await error(session, "search", query="llava", sort=blank) == (
                f"sort: {blank!r} holds no value: give one of trending, upvotes, new, "
                "stars, relevance, or leave sort out")
        assert await error(session, "search", query="llava", detail="") == (
            "detail: '' holds no value: give one of brief, full, or leave detail out")
        assert await error(session, "search", query="llava", tag="") == (
            "tag: '' holds no tag: give one, or leave tag out")


async def test_null_is_an_argument_left_out_whatever_its_type(library: Any) -> None:
    """A client that sends every argument, null for those it has no value for: a flag's
    null is left out, as a query's, a list's or a number's is (before: has_code null and
    append null were "must be true or false")."""
    async with server("--allow-writes") as session:
        everything = await call(session, "search", query="llava")
        assert await call(session, "search", query="llava", has_code=None, starred=None,
                          keyword=None, limit=None, since=None) == everything
        assert await call(session, "note", id="2401.01055", text="One.") == {
            "id": "2401.01055", "chars": 4, "first_line": "One."}
        assert (await call(session, "note", id="2401.01055", text="Two.",
                           append=None))["chars"] == 4  # replaced: append left out
        assert "has_code must be true or false" in await error(
            session, "search", query="llava", has_code="yes")


async def test_a_flag_sent_as_the_string_true_or_false_is_read_as_that(
        library: Any) -> None:
    """A client that sends every value as a string sends "true": read as true, as "5" is
    read as 5 (before: "has_code must be true or false", given "true"); anything else is
    refused, saying what was given."""
    async with server("--allow-writes") as session:
        coded = await call(session, "search", query="llava", has_code=True)
        assert await call(session, "search", query="llava", has_code="true") == coded
        assert await call(session, "search", query="llava", has_code=" TRUE ") == coded
        assert await call(session, "search", query="llava", has_code="false") == (
            await call(session, "search", query="llava"))
        assert await call(session, "note", id="2401.01055", text="One.") == {
            "id": "2401.01055", "chars": 4, "first_line": "One."}
        assert (await call(session, "note", id="2401.01055", text="Two.",
                           append="true"))["chars"] == len("One.\n\nTwo.")
        assert await error(session, "search", has_code="yes") == (
            "has_code must be true or false, not 'yes'")
        assert await error(session, "search", has_code=1) == (
            "has_code must be true or false, not the number 1")
        assert await error(session, "search", starred=["true"]) == (
            "starred must be true or false, not a list")


async def test_a_required_argument_the_server_refuses_empty_is_said_so_in_its_schema(
        library: Any) -> None:
    """A client that checks arguments against the schema before calling learns there
    that "" or [] will not do (before: star's ids had no minItems, an id or a tag no
    minLength, yet all were refused); note's text, where "" removes the note, has no such
    bound."""
    good = {"id": "2401.01055", "ids": ["2401.01055"], "tags": ["x"], "text": "x"}
    async with server("--allow-writes") as session:
        listed = (await session.list_tools()).tools
        checked = 0
        for tool in listed:
            required = tool.input_schema.get("required", [])
            for name in required:
                schema = tool.input_schema["properties"][name]
                empty: Any = [] if schema["type"] == "array" else ""
                arguments = {**{k: good[k] for k in required}, name: empty}
                result = await session.call_tool(tool.name, arguments)
                bound = schema.get("minItems" if schema["type"] == "array" else "minLength")
                assert bool(result.is_error) == (bound == 1), (tool.name, name, bound)
                checked += 1
        assert checked == 12  # id (3), ids (5), tags (2), text
        # A list's "" is refused (no word, tag or id in it): its items say minLength 1.
        lists = 0
        for tool in listed:
            required = tool.input_schema.get("required", [])
            for name, schema in tool.input_schema["properties"].items():
                if schema["type"] != "array":
                    continue
                arguments = {**{k: good[k] for k in required}, name: ["x", ""]}
                result = await session.call_tool(tool.name, arguments)
                assert result.is_error, (tool.name, name)
                assert schema["items"]["minLength"] == 1, (tool.name, name)
                lists += 1
        assert lists > 40


async def test_the_descriptions_say_the_bounds_and_speak_of_the_user(library: Any) -> None:
    """What a description says is read by the assistant: a number's bounds are in it (an
    assistant may not read the schema's maximum), a list's cut at MAX_LISTING characters
    too, and the user is "the user", not "you" (the assistant)."""
    import re

    from papercli.mcpserver import MAX_LISTING

    async with server("--allow-writes") as session:
        listed = (await session.list_tools()).tools
    for tool in listed:
        assert not re.search(r"(?<![-_])\byour?\b", tool.description, re.I), tool.name
        for name, schema in tool.input_schema["properties"].items():
            said = schema["description"]
            assert not re.search(r"\byour?\b", said, re.I), (tool.name, name, said)
            if "maximum" in schema:
                assert f"{schema['maximum']:,}" in said, (tool.name, name, said)
            if name == "limit":
                assert f"{MAX_LISTING:,}" in said, (tool.name, said)
    search = next(t for t in listed if t.name == "search").input_schema["properties"]
    assert search["starred"]["description"] == (
        "Only papers the user starred (the user's reading list).")
    # The ranking tools say what their papers' score is (before: for_you nothing, and
    # related_papers "a similarity score", of no scale).
    said = {t.name: t.description for t in listed}
    assert "score is its likeness, 0 to 1 (1: the closest found)" in said["related_papers"]
    assert "score is the model's (higher first; comparable within one answer only), " \
        "null when there are too few marks" in said["for_you"]
    # Every list says how its items combine (before: author's said nothing), and the
    # query says what it takes besides words (before: not -word, nor ids).
    assert search["author"]["description"] == (
        "Only papers with an author name, or an author's Hub account (@name), containing "
        "NAME, whole words if several; a trailing * lets the last be cut short (a list: "
        "any of).")
    assert all("(a list" in v["description"] for v in search.values()
               if v["type"] == "array")
    assert "-word to leave papers holding it out; arXiv ids or URLs find those papers" in \
        search["query"]["description"]
    # show_paper names what it gives beyond the listings' (before: not the linked models,
    # datasets and Spaces, which an assistant asked "is there a released model?" needs).
    assert "the models, datasets and Spaces the Hub links to it (linked_models, " \
        "linked_datasets and linked_spaces, most liked first; their totals in num_models, " \
        "num_datasets and num_spaces, null while not known), and the user's tags and " \
        "note" in said["show_paper"]
    assert "control characters taken out" in said["full_text"]


async def test_a_listing_of_an_empty_library_says_the_library_is_empty(
        seeded_hub: HubServer) -> None:
    """An assistant reads "0 papers" as "none match" and searches on: when the library
    holds no paper at all, the answer says so, and what fills it (offline: the user's
    sync, or starting the server --online); once it holds some, a search that finds
    nothing says no such thing (before: "0 papers · 0 in the library" alone)."""
    async with server() as session:
        for tool, arguments in (("search", {"query": "llava"}), ("search", {}),
                                ("list_papers", {"since": "2020-01-01"})):
            result = await session.call_tool(tool, arguments)
            assert not result.is_error and json.loads(
                result.content[0].text) == []  # type: ignore[union-attr]
            said = result.content[1].text  # type: ignore[union-attr]
            assert "the library is empty, so nothing is found yet (the user's command " \
                   "`papers sync --since DATE` fills it); this server is offline: the " \
                   "user can start it with `papers mcp --online`" in said, said
        # for_you says it its own way, once.
        assert (await notes(session, "for_you")).count("library is empty") == 1
    async with server("--online") as session:
        assert await call(session, "list_papers", period="today")  # fills it
        assert "library is empty" not in await notes(session, "search", query="zzqqxx")


async def test_a_search_that_finds_nothing_says_what_matched_nothing(
        library: Any) -> None:
    """A search that finds nothing says so as the command's table does, naming the query
    and the filters (before: "0 papers · 0 in the library" alone, which reads as an empty
    library), after a warning on the query too."""
    async with server() as session:
        assert await notes(session, "search", query="zzqqxx") == (
            "no paper in the library matches 'zzqqxx'\n0 papers · 0 in the library")
        said = await notes(session, "search", query="llava", keyword=["zzqqxx"])
        assert said.startswith("no paper in the library matches 'llava' and contains the "
                               "word zzqqxx\n"), said
        said = await notes(session, "search", since="2024-01-01", author=["Nobody Here"])
        assert said.startswith("no paper in the library is by Nobody Here and dated "
                               "2024-01-01 or later\n"), said
        # After a warning on the query too, which never says that nothing matched (before:
        # the warning alone); `title:llava` searches llava, as the warning says.
        said = await notes(session, "search", query="title:zzqqxx")
        assert said.startswith("warning: 'title:' left out (search has no fields): all are "
                               "searched\nno paper in the library matches 'zzqqxx'\n"), said
        said = await notes(session, "search", query="title:llava")
        assert said.startswith("warning: 'title:' left out") and "matches" not in said
        assert "0 papers" not in said, said


async def test_the_users_marks_are_the_users_in_the_notes(library: Any) -> None:
    """The command line's "you have none yet; star papers you like" read, to an
    assistant, as its own marks and an invitation to star by its own taste: they are
    the user's (a value given, 'your words', is kept as given)."""
    async with server("--allow-writes") as session:
        said = await notes(session, "search", sort="relevance", limit=1)
        assert "relevance needs 3 starred or read papers; the user has none yet" in said
        assert "the user can star papers they like with `star`" in said
        assert "you" not in said.replace("`for-you`", "")
        said = await error(session, "for_you", watch="your words")
        assert said.startswith("no watch named 'your words'"), said


def test_a_ranked_page_says_no_limit_the_tools_refuse(
        library: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page ranked among the papers nearest the user's taste says what it was chosen
    from, without the command line's "-n 0: all", which no tool takes (limit 0 is
    refused; before: "(limit 0: all)")."""
    from papercli import mcpserver, ranking

    papers = library
    assert papers("star", "2401.01055", "2404.14047", "2408.15881").exit_code == 0
    monkeypatch.setattr(ranking, "NEAR_POOL", 2)
    monkeypatch.setattr(ranking, "NEAR_PAGES", 2)
    answer = mcpserver.call("search", {"sort": "relevance", "limit": 1},
                            mcpserver.Settings())
    near = [n for n in answer.notes if "nearest" in n]
    assert near == ["ranked the 2 of 19 papers nearest the user's taste"], answer.notes


async def test_a_damaged_search_index_is_rebuilt_and_the_assistant_told(
        library: Any, home: Any) -> None:
    """The index's meta.json counts one paper a segment: tantivy panics on the search (a
    BaseException), the server rebuilds the index, answers, and says so in the notes."""
    from papercli.db import textindex

    want = cli_json(library, "search", "llava", "--offline", "-n", "5")
    folder = textindex.folder_for(home.library)
    meta = json.loads((folder / "meta.json").read_text())
    for segment in meta["segments"]:
        segment["max_doc"] = 1
    (folder / "meta.json").write_text(json.dumps(meta))
    async with asyncio.timeout(60), server() as session:  # (a server dead of it: no answer)
        result = await session.call_tool("search", {"query": "llava", "limit": 5,
                                                    "detail": "full"})
        assert not result.is_error, result.content
        got = json.loads(result.content[0].text)  # type: ignore[union-attr]
        assert got == want
        notes = result.content[1].text  # type: ignore[union-attr]
        assert "search index" in notes and "rebuilding it from the library" in notes
        assert await call(session, "search", query="llava", limit=5)  # still serving


async def test_writes_only_with_allow_writes(library: Any) -> None:
    papers = library
    async with server() as session:
        message = await unknown(session, "star", ids=["2401.01055"])
        assert "`papers mcp --allow-writes`" in message
    assert cli_json(papers, "starred") == []
    async with server("--allow-writes") as session:
        assert await call(session, "star", ids=["2401.01055", "arxiv:2404.14047"]) == {
            "starred": ["2401.01055", "2404.14047"], "already_starred": [], "hidden": [],
            "failed": []}
        assert "not a paper id" in await error(session, "star", ids=["2401.01055", "x"])
        assert await call(session, "unstar", ids=["2404.14047", "2501.03895"]) == {
            "unstarred": ["2404.14047"], "not_starred": ["2501.03895"]}
    assert [p["id"] for p in cli_json(papers, "starred")] == ["2401.01055"]


async def test_star_stars_the_papers_it_can_and_names_the_rest_as_the_command_does(
        library: Any) -> None:
    """`papers star KNOWN UNKNOWN` stars the known paper and then names the other (exit
    1), as every command that marks papers does; the tool starred none of them and
    answered the unknown one's error alone. Now it stars what it can, lists the rest in
    "failed", and says each kind in an "error: …" line after its notes."""
    papers = library
    cli = papers("star", "--offline", "2404.14047", "2412.99999")
    assert cli.exit_code == 1
    assert cli.stderr.splitlines()[-1] == (
        "papers: error: 2412.99999 is not in the local library — run without --offline")
    assert [p["id"] for p in cli_json(papers, "starred")] == ["2404.14047"]
    async with server("--allow-writes") as session:
        result = await session.call_tool("star", {"ids": ["2412.99999", "2401.01055",
                                                          "2404.14047"]})
        assert not result.is_error, result.content
        assert json.loads(result.content[0].text) == {  # type: ignore[union-attr]
            "starred": ["2401.01055"], "already_starred": ["2404.14047"], "hidden": [],
            "failed": ["2412.99999"]}
        said = result.content[1].text.splitlines()  # type: ignore[union-attr]
        assert said == [
            "error: 2412.99999 is not in the local library — this server is offline: the "
            "user can start it with `papers mcp --online` to let it fetch from the Hub (or "
            "fetch with `papers show 2412.99999`)"]
    assert sorted(p["id"] for p in cli_json(papers, "starred")) == [
        "2401.01055", "2404.14047"]


async def test_starring_a_hidden_paper_says_it_is_hidden(library: Any) -> None:
    """As `papers star` says it: a hidden paper starred is left out of the user's starred
    list, so the assistant is told, in its terms (a link-shaped id as the CLI takes it)."""
    papers = library
    assert papers("hide", "2404.14047").exit_code == 0
    async with server("--allow-writes") as session:
        result = await session.call_tool("star", {"ids": ["2401.01055",
                                                          "hf.co/papers/2404.14047"]})
        assert not result.is_error, result.content
        assert json.loads(result.content[0].text) == {  # type: ignore[union-attr]
            "starred": ["2401.01055", "2404.14047"], "already_starred": [],
            "hidden": ["2404.14047"], "failed": []}
        # Each command said once as the user's, the paper named (before: "the user's
        # command the user's command `papers starred --hidden`", `papers unhide ID`).
        assert result.content[1].text == (  # type: ignore[union-attr]
            "2404.14047 is hidden by the user: their starred list leaves it out (the user's "
            "command `papers starred --hidden` lists it, the user's command `papers unhide "
            "2404.14047` shows it again)")
    assert [p["id"] for p in cli_json(papers, "starred")] == ["2401.01055"]
    assert [p["id"] for p in cli_json(papers, "starred", "--hidden")] == [
        "2401.01055", "2404.14047"]


async def test_a_hidden_paper_is_said_with_the_users_command_that_lists_it(
        hub: HubServer, papers: Any) -> None:
    """A listing's "1 listed paper is hidden (--hidden lists it)" sent the assistant to
    an option no tool takes: it names the user's command with --hidden, the listing's
    own where the call names one."""
    items = seed_items()[:3]
    hub.set_day(TODAY, items)
    ids = papers("today", "--json").ids
    assert papers("hide", ids[0]).exit_code == 0
    title = " ".join(items[0]["paper"]["title"].split())
    async with server() as session:
        day = await notes(session, "list_papers", period="day", date=str(TODAY))
        query = await notes(session, "search", query=f'"{title}"')
    assert day.split("\n")[1] == (
        f"1 listed paper is hidden (the user's command `papers day {TODAY} --hidden` "
        "lists it)"), day
    assert query.split("\n")[0] == (
        "the one paper to list is hidden (the user's command `papers search` with the "
        "same filters and --hidden lists it)"), query
    assert "(--hidden" not in day + query


async def test_every_note_says_a_users_command_once(library: Any) -> None:
    """A note said in the tools' terms reads the same said so again: a command already the
    user's is not wrapped twice (before: star's "the user's command the user's command
    `papers starred --hidden`"), in the notes of each tool that names the user's
    commands."""
    from papercli.mcpserver import TOOLS, Settings, _tool_terms, tools

    papers = library
    assert papers("hide", "2404.14047").exit_code == 0
    assert papers("tag", "2401.01055", "video/gen").exit_code == 0
    calls: list[tuple[str, dict[str, Any]]] = [
        ("star", {"ids": ["2404.14047", "2401.01055"]}),
        ("tag", {"ids": ["2412.99998"], "tags": ["later"]}),
        ("note", {"id": "2412.99998", "text": "hi"}),
        ("untag", {"ids": ["2401.01055"], "tags": ["video"]}),
        ("for_you", {"limit": 1}),
        ("related_papers", {"id": "2401.01055", "org": ["Nowhere Labs"]}),
        ("search", {"org": ["Nowhere Labs"]}),
    ]
    offered = [t.name for t in tools(Settings(allow_writes=True))]
    async with server("--allow-writes") as session:
        for name, arguments in calls:
            said = await notes(session, name, **arguments)
            properties = next(t for t in TOOLS if t.name == name).properties
            assert "the user's command the user's command" not in said, name
            assert _tool_terms(said, properties, offered, offline=True) == said, name
            if name == "star":
                assert said.count("the user's command `papers") == 2, said


async def test_tags_and_notes_with_allow_writes(library: Any) -> None:
    papers = library
    async with server() as session:
        assert "--allow-writes" in await unknown(session, "tag", ids=["2401.01055"],
                                                 tags=["x"])
        assert "--allow-writes" in await unknown(session, "note", id="2401.01055",
                                                 text="x")
    async with server("--allow-writes") as session:
        assert await call(session, "tag", ids=["2401.01055", "2404.14047"],
                          tags=["Robotics", "to-read"]) == {
            "ids": ["2401.01055", "2404.14047"], "tags": ["robotics", "to-read"], "added": 4,
            "failed": []}
        assert "tag" in await error(session, "tag", ids=["2401.01055"], tags=["no spaces"])
        assert await call(session, "untag", ids=["2404.14047"], tags=["to-read"]) == {
            "ids": ["2404.14047"], "tags": ["to-read"], "removed": 1}
        assert await call(session, "note", id="2401.01055", text="Read §3 again.") == {
            "id": "2401.01055", "chars": 14, "first_line": "Read §3 again."}
        assert await call(session, "note", id="2401.01055", text="Code out.",
                          append=True) == {"id": "2401.01055", "chars": 25,
                                           "first_line": "Read §3 again."}
        shown = await call(session, "show_paper", id="2401.01055")
        assert shown == cli_json(papers, "show", "2401.01055", "--offline")
        assert shown["tags"] == ["robotics", "to-read"]
        assert shown["note"] == "Read §3 again.\n\nCode out."
        tagged = await call(session, "search", tag=["robotics"], detail="full")
        assert sorted(p["id"] for p in tagged) == ["2401.01055", "2404.14047"]
        assert tagged == cli_json(papers, "search", "--tag", "robotics", "-n", "20")
        assert await call(session, "note", id="2401.01055", text="") == {
            "id": "2401.01055", "chars": 0, "first_line": None}
    assert "note" not in cli_json(papers, "show", "2401.01055", "--offline")


async def test_tag_and_note_offline_of_a_paper_the_library_lacks_do_as_the_cli_does(
        library: Any) -> None:
    """Offline, `papers tag X t` and `papers note X -m hi` write with a warning that the
    paper is not in the library yet (its tag shows once it is) and the command that
    fetches it, while `papers star X` refuses: the tools do the same and say the same,
    with what the command does, for several papers too (before: "could not check X on
    the Hub (offline); done anyway"; then "…: the user's command `papers show X`", no
    verb, and no command for several)."""
    papers = library
    tagged = papers("tag", "2412.99999", "later", "--offline")
    assert tagged.exit_code == 0 and tagged.stderr.splitlines()[0] == (
        "papers: warning: not in the library yet, tagged anyway: papers show 2412.99999")
    noted = papers("note", "2412.99999", "-m", "hi", "--offline")
    assert noted.exit_code == 0 and noted.stderr.splitlines()[0] == (
        "papers: warning: not in the library yet, noted anyway: papers show 2412.99999")
    assert papers("star", "2412.99999", "--offline").exit_code == 1
    async with server("--allow-writes") as session:
        assert await notes(session, "tag", ids=["2412.99998"], tags=["later"]) == (
            "warning: not in the library yet, tagged anyway: the user's command "
            "`papers show 2412.99998` fetches it")
        result = await session.call_tool("note", {"id": "2412.99998", "text": "hi"})
        assert json.loads(result.content[0].text)["chars"] == 2  # type: ignore[union-attr]
        assert result.content[1].text == (  # type: ignore[union-attr]
            "warning: not in the library yet, noted anyway: the user's command "
            "`papers show 2412.99998` fetches it")
        # (a tag 2412.99998 lacks: one carrying every tag given is not looked up again)
        assert await notes(session, "tag", ids=["2412.99998", "2401.01055", "2412.99997"],
                           tags=["later", "soon"]) == (
            "warning: 2412.99998, 2412.99997 not in the library yet, tagged anyway: the "
            "user's command `papers show ID` fetches each")
        assert "not in the local library" in await error(session, "star",
                                                         ids=["2412.99998"])
    assert cli_json(papers, "tags") == [{"tag": "later", "papers": 4},
                                        {"tag": "soon", "papers": 3}]


async def test_untag_of_a_tag_not_there_says_so_as_the_cli_warns(library: Any) -> None:
    """`papers untag ID nope` warns "ID was not tagged nope", and notes the tags under one
    the paper carries (untag takes the exact tag): the tool says the same in its notes
    (before: "removed": 0 and nothing said)."""
    papers = library
    assert papers("tag", "2401.01055", "video/gen", "robotics").exit_code == 0
    untagged = papers("untag", "2401.01055", "nope")
    assert untagged.exit_code == 0
    cli_warning = one_line(untagged.stderr).removeprefix("papers: warning: ")
    assert cli_warning == "2401.01055 was not tagged nope"
    async with server("--allow-writes") as session:
        result = await session.call_tool("untag", {"ids": ["2401.01055"], "tags": ["nope"]})
        assert json.loads(result.content[0].text) == {  # type: ignore[union-attr]
            "ids": ["2401.01055"], "tags": ["nope"], "removed": 0}
        assert result.content[1].text == f"warning: {cli_warning}"  # type: ignore
        assert await notes(session, "untag", ids=["2401.01055", "2404.14047"],
                           tags=["video", "robotics", "x"]) == (
            "warning: no paper given was tagged video or x\n"
            "tagged video/gen under video (untag takes the exact tag)")
        assert await notes(session, "untag", ids=["2401.01055"], tags=["video/gen"]) == ""
    assert cli_json(papers, "tags") == []


async def test_a_tag_longer_than_the_command_lines_limit_is_refused_naming_it(
        library: Any) -> None:
    """The tags' schema says the limit `papers tag` has, and a longer tag (one under the
    other texts' 1,000 characters, or over) is refused naming it."""
    from papercli.db.records import TAG_MAX_LENGTH

    async with server("--allow-writes") as session:
        tools = {t.name: t.input_schema for t in (await session.list_tools()).tools}
        for name in ("tag", "untag"):
            assert tools[name]["properties"]["tags"]["items"]["maxLength"] == TAG_MAX_LENGTH
        for length in (TAG_MAX_LENGTH + 1, 1500):
            said = await error(session, "tag", ids=["2401.01055"], tags=["t" * length])
            assert f"at most {TAG_MAX_LENGTH} characters" in said, said
        assert (await call(session, "tag", ids=["2401.01055"],
                           tags=["t" * TAG_MAX_LENGTH]))["added"] == 1


async def test_show_paper_cleans_control_characters_as_show_json(library: Any) -> None:
    """A note holding a terminal escape, a bell, a NUL and a bidi override: show_paper
    gives it as `papers show --json` does, without them."""
    papers = library
    async with server("--allow-writes") as session:
        written = await call(session, "note", id="2401.01055",
                             text="\x1b[31mred\x1b[0m\x07 a\x00b \u202eevil")
        assert written["chars"] == 11  # stored as it shows: "red ab evil"
        assert not any(c in written["first_line"] for c in "\x1b\x07\x00\u202e")
        # A first line of nothing but escapes is no first line: the next one is.
        assert (await call(session, "note", id="2401.01055",
                           text="\x1b[0m\u202e\nThe point."))["first_line"] == "The point."
        shown = await call(session, "show_paper", id="2401.01055")
    assert shown == cli_json(papers, "show", "2401.01055", "--offline")
    assert not any(c in shown["note"] for c in "\x1b\x07\x00\u202e"), shown["note"]


# -- the process: stdout is the protocol, EOF and Ctrl-C end it -----------------------------


def _request(n: int, method: str, params: dict[str, Any]) -> str:
    return json.dumps({"jsonrpc": "2.0", "id": n, "method": method, "params": params}) + "\n"


INIT = {"protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": {"name": "test", "version": "1"}}


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "papercli", "mcp", *args],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ))


def test_stdout_carries_only_the_protocol_and_eof_ends_it(library: Any, home: Any) -> None:
    """A config warning and failing tools say nothing on stdout; closing stdin exits 0."""
    home.config_file.parent.mkdir(parents=True, exist_ok=True)
    home.config_file.write_text("[display]\nno_such_setting = 1\n", encoding="utf-8")
    proc = _start()
    assert proc.stdin and proc.stdout
    answers = []
    for n, (method, params) in enumerate([
            ("initialize", INIT),
            ("tools/call", {"name": "search", "arguments": {"query": "llava"}}),
            ("tools/call", {"name": "show_paper", "arguments": {"id": "nope"}})], 1):
        proc.stdin.write(_request(n, method, params))
        if n == 1:
            proc.stdin.write(json.dumps({"jsonrpc": "2.0",
                                         "method": "notifications/initialized"}) + "\n")
        proc.stdin.flush()
        answers.append(json.loads(proc.stdout.readline()))  # only JSON-RPC on stdout
    out, err = proc.communicate(timeout=60)  # EOF on stdin: the server ends
    assert proc.returncode == 0, err
    assert out == ""
    assert [a.get("id") for a in answers] == [1, 2, 3]
    assert answers[2]["result"]["isError"] is True
    notes = answers[1]["result"]["content"][1]["text"]
    assert "no_such_setting" in notes  # the config's warning reaches the assistant
    assert "Traceback" not in err


def test_an_unknown_tool_is_logged_by_its_name_as_sent(library: Any) -> None:
    """stderr's line names the tool as sent, escaped, once (before: prefixed with the
    name stripped of its escape, "search: 'search\\x1b[2J' is not a tool", as if the
    search tool had failed)."""
    proc = _serving()
    assert proc.stdin and proc.stdout
    proc.stdin.write(_request(2, "tools/call", {"name": "search\x1b[2J", "arguments": {}}))
    proc.stdin.flush()
    assert json.loads(proc.stdout.readline())["error"]["code"] == INVALID_PARAMS
    _, err = proc.communicate(timeout=60)  # EOF: it ends
    assert proc.returncode == 0
    assert err == ("papers: warning: 'search\\x1b[2J' is not a tool of this server — see "
                   "the tools list\n")


def test_a_failure_is_logged_naming_its_tool_once(library: Any) -> None:
    """stderr's line for a tool's failure names the tool before it, unless the failure
    starts with its name (before: "search: search takes no argument 'bogus'", "show_paper:
    show_paper needs id")."""
    proc = _serving("--allow-writes")
    assert proc.stdin and proc.stdout
    for n, (name, arguments) in enumerate([
            ("search", {"bogus": 1}), ("show_paper", {}), ("tag", {"ids": ["2401.01055"]}),
            ("list_papers", {"period": "day", "date": "2026-02-30"})], 2):
        proc.stdin.write(_request(n, "tools/call", {"name": name, "arguments": arguments}))
        proc.stdin.flush()
        assert json.loads(proc.stdout.readline())["result"]["isError"] is True
    _, err = proc.communicate(timeout=60)  # EOF: it ends
    assert proc.returncode == 0
    lines = err.splitlines()
    assert lines[0].startswith("papers: warning: search takes no argument 'bogus' — it "
                               "takes query, "), lines
    assert lines[1:] == ["papers: warning: show_paper needs id",
                         "papers: warning: tag needs tags",
                         "papers: warning: list_papers: invalid day '2026-02-30' — 2026-02 "
                         "has 28 days"]


def test_a_cursor_the_server_never_gave_is_invalid_params(library: Any) -> None:
    """tools/list is one page: a cursor is none the server gave, which the spec answers
    with invalid params (before: the whole list, as if it were the page after it)."""
    answers = _two_answers(_request(3, "tools/list", {"cursor": "abc"}))
    assert [(a.get("id"), a.get("error", {}).get("code")) for a in answers] == [
        (3, INVALID_PARAMS), (9, None)]
    assert "cursor 'abc' is none this server gave" in answers[0]["error"]["message"]


def test_a_line_that_is_not_one_json_rpc_message_is_answered(library: Any) -> None:
    """Not JSON: -32700; JSON but not a JSON-RPC 2.0 message (no "jsonrpc", a batch):
    -32600; both with id null, as JSON-RPC 2.0 says; and the server serves on."""
    answers = _answers(*(line + "\n" for line in (
        "{not json", json.dumps({"id": 7, "method": "ping"}),
        json.dumps([{"jsonrpc": "2.0", "id": 8, "method": "ping"}]))), count=4)
    assert [(a["id"], a.get("error", {}).get("code")) for a in answers] == [
        (None, -32700), (None, -32600), (None, -32600), (9, None)]
    assert answers[3]["result"] == {}
    # Each says what to send instead (before: "Parse error", and "not one JSON-RPC 2.0
    # message (batches are not taken)" for both others).
    assert answers[0]["error"]["message"] == (
        "Parse error: the line is not JSON: send each message as one line of JSON")
    assert '"jsonrpc": "2.0" and a "method"' in answers[1]["error"]["message"]
    assert answers[2]["error"]["message"] == (
        "Invalid Request: a batch (an array of messages), which MCP no longer takes: send "
        "each message on a line of its own")


@pytest.mark.parametrize("bad_id", [{}, [1], True, None, 1.5])
def test_a_request_whose_id_mcp_does_not_take_is_answered(library: Any, bad_id: Any) -> None:
    """An id that is an object, an array, a boolean, a fraction or null: the SDK would read
    the request as a notification and drop it, leaving the client waiting; JSON-RPC 2.0
    answers it with -32600 (invalid request) and id null, and the server serves on."""
    answers = _two_answers(
        json.dumps({"jsonrpc": "2.0", "id": bad_id, "method": "ping"}) + "\n",
        json.dumps({"jsonrpc": "2.0", "method": "notifications/cancelled",
                    "params": {"requestId": 99}}) + "\n")  # unanswered
    assert [(a.get("id", "none"), a.get("error", {}).get("code")) for a in answers] == [
        (None, -32600), (9, None)]
    assert "string or an integer" in answers[0]["error"]["message"]


@pytest.mark.parametrize("params", [5, "x", [1]])
def test_a_request_whose_params_are_not_an_object_is_answered_with_its_id(
        library: Any, params: Any) -> None:
    """Its id is a good one: the answer carries it (JSON-RPC 2.0's id null is for an id
    that cannot be read), so the client waiting for it hears back."""
    answers = _two_answers(json.dumps({"jsonrpc": "2.0", "id": "call-4",
                                       "method": "tools/call", "params": params}) + "\n")
    assert [(a.get("id", "none"), a.get("error", {}).get("code")) for a in answers] == [
        ("call-4", -32600), (9, None)]
    assert "params must be an object" in answers[0]["error"]["message"]


@pytest.mark.parametrize("lines", [
    '{"jsonrpc": "2.0", "id": 78, "error": {"code": -1, "message": "no roots"}}\n',
    '{"jsonrpc": "2.0", "id": 77, "result": {}}\n',
    "\n\r\n   \n",  # blank lines: a stray CRLF, a keep-alive
    "\ufeff",  # a byte order mark before the ping
], ids=["client-error", "client-result", "blank", "bom"])
def test_what_holds_no_request_is_not_answered(library: Any, lines: str) -> None:
    """A client's own response (an error too) is for the server, never sent back to the
    client as if it were the server's; a blank line or a byte order mark holds no message:
    an error of id null would answer nothing the client sent. The ping after it is the
    first answer."""
    (answer,) = _answers(lines, count=1)
    assert answer == {"jsonrpc": "2.0", "id": 9, "result": {}}


def test_a_client_that_closes_the_servers_stdout_ends_it(library: Any) -> None:
    """The client closed its end of the server's stdout (and went away) with stdin still
    open: the answer cannot be written, and the server ends, exit 0, without a word, as
    when the client closes stdin (before: it served on unheard, then "unexpected
    ExceptionGroup" and exit 1)."""
    proc = _serving()
    assert proc.stdin and proc.stdout and proc.stderr
    proc.stdout.close()
    proc.stdin.write(_request(2, "ping", {}))
    proc.stdin.flush()
    assert (_exit_code(proc), proc.stderr.read()) == (0, "")


@pytest.mark.parametrize(("params", "said"), [
    ({"name": "search", "arguments": "llava"}, "tools/call's params.arguments must be an "
     "object"),
    ({"arguments": {"query": "llava"}}, "tools/call needs params.name"),
    ({"name": "search", "_meta": {"progressToken": [1]}},
     "tools/call's params._meta.progressToken must be a string or an integer"),
])
def test_a_request_whose_params_are_wrong_is_told_which(library: Any, params: Any,
                                                        said: str) -> None:
    """The SDK says only "Invalid request parameters" (data ""): the answer names the
    field and what it must be."""
    answers = _two_answers(json.dumps({"jsonrpc": "2.0", "id": 4, "method": "tools/call",
                                       "params": params}) + "\n")
    assert [(a.get("id"), a.get("error", {}).get("code")) for a in answers] == [
        (4, -32602), (9, None)]
    assert answers[0]["error"]["message"] == (
        f"Invalid params: {said}: see the MCP specification of tools/call")


def test_a_request_before_initialize_is_told_to_initialize_first(library: Any) -> None:
    """tools/list before initialize: the SDK's "Invalid request parameters" said nothing
    of the handshake; a ping is answered, and after initialize the tools are listed."""
    answers = _read_answers(_start(), _request(2, "tools/list", {}) + _request(3, "ping", {})
                            + _request(1, "initialize", INIT) + _request(4, "tools/list", {}),
                            4)
    assert [(a.get("id"), a.get("error", {}).get("code")) for a in answers] == [
        (2, -32602), (3, None), (1, None), (4, None)]
    assert answers[0]["error"]["message"] == (
        "Invalid params: tools/list before initialize: send initialize, then "
        "notifications/initialized, first")
    assert answers[3]["result"]["tools"]


@pytest.mark.parametrize(("tool", "arguments", "name"), [
    ("search", {"query": "llava \ud800"}, "query"),  # (json.dumps: the "\ud800" escape)
    ("search", {"keyword": ["llava", "\udc80"]}, "keyword"),
    ("note", {"id": "2401.01055", "text": "a \udc80 note"}, "text"),
])
def test_a_lone_surrogate_is_refused_naming_the_argument(library: Any, tool: str,
                                                         arguments: Any, name: str) -> None:
    """JSON's "\\ud800" escape parses, yet is half a character that nothing can store or
    encode: the tool says which argument holds it (before: "unexpected
    UnicodeEncodeError"), and a pair of halves is one character, taken."""
    answers = {a.get("id"): a for a in _answers(
        _request(4, "tools/call", {"name": tool, "arguments": arguments}),
        _request(5, "tools/call", {"name": "search", "arguments": {"query": "\U0001f600"}}),
        count=3, args=("--allow-writes",))}  # (the ping's answer may come first)
    result = answers[4]["result"]
    assert result["isError"] is True
    assert result["content"][0]["text"].startswith(f"{name} holds '\\u")
    assert "half of a surrogate pair, which is no character: send text" in result[
        "content"][0]["text"]
    assert answers[5]["result"]["isError"] is False


@pytest.mark.parametrize("closing", ["<&-", ">&-"])
def test_started_with_stdin_or_stdout_closed_it_says_so(library: Any, closing: str) -> None:
    """Descriptor 0 or 1 closed at the start: no protocol can pass, and the number may
    be another file's by then (before: "unexpected AttributeError", or the event loop's
    own descriptor taken over and "unexpected OSError"). One line, exit 2."""
    proc = subprocess.run(["sh", "-c", f'exec "$0" -m papercli mcp {closing}',
                           sys.executable], input="", capture_output=True, text=True,
                          env=dict(os.environ), timeout=60)  # (a safety net)
    assert (proc.returncode, proc.stderr) == (2, (  # (in 80 columns: 197 whole)
        "papers: error: papers mcp needs stdin/stdout open — let an MCP client start it\n"))


def test_an_id_or_method_holding_half_a_surrogate_pair_is_answered(library: Any) -> None:
    """JSON's "\\ud800" escape parses, yet is no UTF-8: the id comes back escaped as it
    came, and the method is not found (before: the server ended, "unexpected
    ExceptionGroup", on writing either answer)."""
    answers = _answers(json.dumps({"jsonrpc": "2.0", "id": "a\ud800", "method": "ping"})
                       + "\n" + json.dumps({"jsonrpc": "2.0", "id": 4,
                                            "method": "tools/\udc80"}) + "\n", count=3)
    assert {(a.get("id"), a.get("error", {}).get("code")) for a in answers} == {
        ("a\ud800", None), (4, -32601), (9, None)}  # (in any order)


# Spawns `papers mcp` and reports that one child's peak RSS on its last stderr line
# (RUSAGE_CHILDREN in pytest would be the largest of every child so far).
_MEASURED = """
import os, sys
pid = os.posix_spawn(sys.executable, [sys.executable, "-m", "papercli", "mcp"], os.environ)
_, status, usage = os.wait4(pid, 0)
sys.stderr.write(f"\\npeak-kib={usage.ru_maxrss}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def test_an_overlong_line_is_answered_and_skipped_in_bounded_memory(library: Any) -> None:
    """A 200 MiB line with no newline till its end, then a 50 MiB request: each is
    answered with an invalid request (of id null, and of the request's id, read from the
    line's start), the server serves on, and it never holds either whole."""
    proc = subprocess.Popen([sys.executable, "-c", _MEASURED], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=dict(os.environ))
    assert proc.stdin and proc.stdout and proc.stderr
    chunk = b"x" * 2**20

    def feed() -> None:
        assert proc.stdin
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.write(_request(1, "initialize", INIT).encode())
            for _ in range(200):  # no newline: one line of 200 MiB
                proc.stdin.write(chunk)
            proc.stdin.write(b"\n" + _request(5, "tools/call", {
                "name": "search", "arguments": {"query": ""}}).encode()[:-3])
            for _ in range(50):  # inside the query's string: JSON, once it ends
                proc.stdin.write(chunk)
            proc.stdin.write(b'"}}}\n' + _request(9, "ping", {}).encode())
            proc.stdin.close()  # EOF: the server ends

    feeding = threading.Thread(target=feed)
    feeding.start()
    unanswered = threading.Timer(120, proc.kill)  # a safety net: never waits forever
    unanswered.start()
    try:
        out = proc.stdout.read()  # (its few lines of stderr fit in the pipe meanwhile)
        err = proc.stderr.read()
        proc.wait()
    finally:
        unanswered.cancel()
        feeding.join()
    answers = [json.loads(line) for line in out.splitlines()]
    assert [(a["id"], a.get("error", {}).get("code")) for a in answers] == [
        (1, None), (None, -32600), (5, -32600), (9, None)]
    assert "more than 4,194,304 bytes" in answers[1]["error"]["message"]
    assert proc.returncode == 0, err
    peak = int(err.decode().rpartition("peak-kib=")[2]) // 1024
    assert peak < 150, f"peak RSS {peak} MiB"  # holding the 200 MiB line whole: more


async def test_a_call_too_long_to_read_is_answered_to_the_client_waiting(
        library: Any) -> None:
    """A 5 MB query from the SDK's own client: the call is refused with its id, so the
    client hears back (before: answered with id null, it waited for ever), and the
    server serves on."""
    async with server() as session:
        with pytest.raises(MCPError) as failed:
            with anyio.fail_after(120):  # (a safety net: the answer comes at once)
                await session.call_tool("search", {"query": "x" * 5_000_000})
        assert failed.value.code == -32600
        assert "more than 4,194,304 bytes" in failed.value.message
        assert (await call(session, "search", query="llava", limit=1))[0]["id"]


BIG = "x" * (4 * 1024 * 1024)


@pytest.mark.parametrize(("line", "pid"), [
    # the TypeScript SDK's order: the id last
    ('{"method": "tools/call", "params": {"name": "search", "arguments": {"query": "BIG"}}, '
     '"jsonrpc": "2.0", "id": "ts-7"}\n', "ts-7"),
    ('{"jsonrpc":"2.0","method":"tools/call","id":-3,"params":{"arguments":{"query":"BIG"}}}'
     '\n', -3),
    # an "id" inside a string, or a nested object's, is no request's id
    ('{"jsonrpc":"2.0","params":{"id":5,"q":"BIG"}}\n', None),
    ('{"jsonrpc":"2.0","q":"BIG,\\"id\\":6}"}\n', None),
    ('{"jsonrpc":"2.0","params":{"q":"BIG","id":6}}\n', None),
    ('{"jsonrpc":"2.0","id":{"a":1},"params":{"q":"BIG"}}\n', None),
], ids=["id-last", "id-third", "nested-first", "in-a-string", "nested-last", "object"])
def test_the_id_of_a_line_too_long_to_read_is_read_where_it_can_be(
        library: Any, line: str, pid: Any) -> None:
    """A request's id is read from the start or the end of an overlong line, where
    clients put it, and nowhere else: a nested object's or a string's "id" is none."""
    answers = _two_answers(line.replace("BIG", BIG))
    assert [(a.get("id", "none"), a.get("error", {}).get("code")) for a in answers] == [
        (pid, -32600), (9, None)]


def test_a_call_nested_too_deep_to_read_is_answered_with_its_id(library: Any) -> None:
    """JSON nested deeper than the parser goes (5,000 arrays in a query) is a request
    refused with its id, not "not JSON" of id null, which left the client waiting."""
    answers = _two_answers(json.dumps({"jsonrpc": "2.0", "id": 4, "method": "tools/call",
                                       "params": {"name": "search", "arguments": {
                                           "query": "QUERY"}}}).replace(
        '"QUERY"', "[" * 5000 + "]" * 5000) + "\n")
    assert [(a.get("id", "none"), a.get("error", {}).get("code")) for a in answers] == [
        (4, -32600), (9, None)]
    assert "nested too deep" in answers[0]["error"]["message"]


def _two_answers(*lines: str, args: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """What a served `papers mcp ARGS` answers to `lines` then a ping (id 9): the first
    two answers, read with a safety net (the server killed after 30 s: never waits
    forever)."""
    return _answers(*lines, count=2, args=args)


def _answers(*lines: str, count: int, args: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The first `count` answers of a served `papers mcp ARGS` to `lines` then a ping."""
    return _read_answers(_serving(*args), "".join(lines) + _request(9, "ping", {}), count)


def _read_answers(proc: subprocess.Popen[str], sent: str, count: int
                  ) -> list[dict[str, Any]]:
    """The first `count` answers of the server `proc` to `sent`, read with a safety net
    (the server killed after 30 s: never waits forever); the server is ended after."""
    assert proc.stdin and proc.stdout
    unanswered = threading.Timer(30, proc.kill)
    unanswered.start()
    try:
        proc.stdin.write(sent)
        proc.stdin.flush()
        return [json.loads(proc.stdout.readline() or "{}") for _ in range(count)]
    finally:
        unanswered.cancel()
        proc.kill()
        proc.wait()


def _hub_that_never_answers(monkeypatch: pytest.MonkeyPatch) -> socket.socket:
    """A listening socket HF_ENDPOINT names, which accepts and never answers: a request
    to it waits for its timeout."""
    hub = socket.socket()
    hub.bind(("127.0.0.1", 0))
    hub.listen(8)
    hub.settimeout(30)
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{hub.getsockname()[1]}")
    return hub


def _not_found(conn: socket.socket) -> None:
    """Answer the request on `conn` with a 404 (an answer, not a retry), and close it."""
    with contextlib.suppress(OSError):
        conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n"
                     b"Connection: close\r\n\r\n")
    conn.close()


def _serving(*args: str) -> subprocess.Popen[str]:
    """`papers mcp ARGS`, initialised; its stdin stays open (a client still there)."""
    proc = _start(*args)
    assert proc.stdin and proc.stdout
    proc.stdin.write(_request(1, "initialize", INIT))
    proc.stdin.write(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"})
                     + "\n")
    proc.stdin.flush()
    assert json.loads(proc.stdout.readline())["id"] == 1
    return proc


def _exit_code(proc: subprocess.Popen[str]) -> int:
    """The server's exit status, waited for 30 s at most (a safety net: it ends at once),
    the server killed if it has not ended by then."""
    try:
        return proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _ended(proc: subprocess.Popen[str], signum: int) -> tuple[int, str]:
    """Send `signum` and wait (stdin still open) for the exit code and stderr."""
    proc.send_signal(signum)
    code = _exit_code(proc)
    assert proc.stderr and proc.stdout
    assert proc.stdout.read() == ""
    return code, proc.stderr.read()


@pytest.mark.parametrize(("signum", "code", "line"), [
    (signal.SIGINT, 130, "papers: error: interrupted"),
    (signal.SIGTERM, 143, "papers: error: terminated")])
def test_a_signal_ends_it_at_once_with_one_line(library: Any, signum: int, code: int,
                                                 line: str) -> None:
    """Idle, with the client's stdin still open (the SDK's reader blocked on it)."""
    proc = _serving()
    until_waiting(proc.pid)  # into the read loop, every thread of it waiting
    assert _ended(proc, signum) == (code, line + "\n")


@pytest.mark.parametrize(("signum", "code", "line"), [
    (signal.SIGINT, 130, "papers: error: interrupted"),
    (signal.SIGTERM, 143, "papers: error: terminated")])
def test_a_signal_the_idle_loop_did_not_see_still_ends_it(
        library: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch, signum: int,
        code: int, line: str) -> None:
    """A signal landing as the idle server's event loop went back to waiting (after Python
    last looked for one, before epoll began) was seen only when a message came: with the
    client there and quiet, never (killed at the test's 30 s). Now a signal wakes the
    loop (set_wakeup_fd on a socket it watches), whenever it came; here the signal is
    taken by another thread while the loop waits (see conftest), which is that case."""
    monkeypatch.setenv("PYTHONPATH", signals_taken_elsewhere(tmp_path / "site"))
    proc = _serving()
    until_waiting(proc.pid)  # (waiting: no look at the flag to come)
    assert _ended(proc, signum) == (code, line + "\n")


def test_ctrl_c_during_a_slow_request_does_not_wait_for_it(
        library: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    hub = _hub_that_never_answers(monkeypatch)
    try:
        proc = _serving("--online", "--timeout", "600")
        assert proc.stdin
        proc.stdin.write(_request(2, "tools/call", {"name": "search",
                                                    "arguments": {"query": "llava"}}))
        proc.stdin.flush()
        conn, _ = hub.accept()  # the search is waiting for the Hub's answer
        assert _ended(proc, signal.SIGINT) == (130, "papers: error: interrupted\n")
        conn.close()
    finally:
        hub.close()


def test_a_cancelled_call_still_running_keeps_the_next_ones_waiting(
        library: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A call cancelled while it waits on the Hub runs on (a thread cannot be stopped):
    the next call waits for it to end rather than running beside it (before: at once,
    so a client that gave up on a slow call and sent it again had both running, each
    the slower), and a call cancelled while it waited its turn is never run."""
    hub = _hub_that_never_answers(monkeypatch)
    first_closed = threading.Event()
    try:
        proc = _serving("--online", "--timeout", "600")
        assert proc.stdin and proc.stdout
        unanswered = threading.Timer(60, proc.kill)  # a safety net: never waits forever
        unanswered.start()
        try:
            def cancel(n: int) -> None:
                assert proc.stdin
                proc.stdin.write(json.dumps({"jsonrpc": "2.0", "method":
                                             "notifications/cancelled",
                                             "params": {"requestId": n}}) + "\n")

            proc.stdin.write(_request(2, "tools/call", {"name": "search",
                                                        "arguments": {"query": "first"}}))
            proc.stdin.flush()
            conn, _ = hub.accept()  # the first search waits for the Hub's answer
            cancel(2)
            proc.stdin.write(_request(3, "tools/call", {"name": "search",
                                                        "arguments": {"query": "second"}}))
            cancel(3)  # given up before its turn came
            proc.stdin.write(_request(4, "tools/call", {"name": "search",
                                                        "arguments": {"query": "third"}}))
            proc.stdin.flush()

            def end_the_first() -> None:  # (the next one must not have asked by then)
                first_closed.set()
                _not_found(conn)

            closer = threading.Timer(3, end_the_first)
            closer.start()
            later, _ = hub.accept()
            asked_beside = not first_closed.is_set()
            closer.join()
            asked = later.recv(4096).decode("latin-1")
            _not_found(later)
            assert not asked_beside  # (before: the second search asked at once)
            answer = json.loads(proc.stdout.readline())
        finally:
            unanswered.cancel()
            proc.kill()
            proc.wait()
    finally:
        hub.close()
    assert "third" in asked and "second" not in asked, asked
    assert answer["id"] == 4  # (2 and 3 cancelled: never answered)


def test_calls_past_those_that_may_wait_are_answered_busy(
        library: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """While a call waits on the Hub, the calls sent meanwhile wait their turn, each held
    in memory (up to 4 MiB): past 16 waiting, one is answered at once as busy (before:
    every one held, 150 calls of 3 MB took the server to half a GB); a ping still is
    answered, and a cancelled call makes room."""
    hub = _hub_that_never_answers(monkeypatch)
    try:
        proc = _serving("--online", "--timeout", "600")
        assert proc.stdin and proc.stdout
        unanswered = threading.Timer(30, proc.kill)  # a safety net: never waits forever
        unanswered.start()
        try:
            proc.stdin.write(_request(2, "tools/call", {"name": "search",
                                                        "arguments": {"query": "llava"}}))
            proc.stdin.flush()
            conn, _ = hub.accept()  # the search is waiting for the Hub's answer
            for n in range(100, 116):  # 15 more wait with it; 115 is one too many
                proc.stdin.write(_request(n, "tools/call", {"name": "for_you",
                                                            "arguments": {}}))
            proc.stdin.write(_request(9, "ping", {}))
            proc.stdin.write(json.dumps({"jsonrpc": "2.0", "method":
                                         "notifications/cancelled",
                                         "params": {"requestId": 114}}) + "\n")
            proc.stdin.write(_request(116, "tools/call", {"name": "for_you",
                                                          "arguments": {}}))
            proc.stdin.write(_request(10, "ping", {}))
            proc.stdin.flush()
            answers = [json.loads(proc.stdout.readline() or "{}") for _ in range(3)]
        finally:
            unanswered.cancel()
            proc.kill()
            proc.wait()
            conn.close()
    finally:
        hub.close()
    assert [(a.get("id"), a.get("error", {}).get("code")) for a in answers] == [
        (115, -32050), (9, None), (10, None)]  # 116 took the cancelled call's place
    assert answers[0]["error"]["message"] == (
        "Server busy: 16 tool calls are waiting for their answers (they run one at a "
        "time): send more once some are answered")


def test_a_panic_below_is_a_one_line_tool_error(library: Any, tmp_path: Any,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """pyo3 raises a panic of compiled code as a BaseException, past `except Exception`:
    it must end the tool call, never the server."""
    import dataclasses

    from papercli import mcpserver
    from test_show_import_cache import tantivy_panic

    panic = type(tantivy_panic(tmp_path))

    def boom(session: Any, args: Any) -> Any:
        raise panic("index out of bounds")

    tools = tuple(dataclasses.replace(t, run=boom) if t.name == "search" else t
                  for t in mcpserver.TOOLS)
    monkeypatch.setattr(mcpserver, "TOOLS", tools)
    with pytest.raises(mcpserver.ToolFailure) as failed:
        mcpserver.call("search", {"query": "llava"}, mcpserver.Settings())
    assert str(failed.value) == "unexpected PanicException: index out of bounds"


async def test_an_empty_filter_value_is_refused_as_the_command_line_refuses_it(
        library: Any) -> None:
    """"tag": "" (a template's unfilled slot), "keyword": [""], "since": " " or an exclude
    of "*" alone would filter nothing and use every paper: the command line refuses
    them, and so does each tool, naming its argument."""
    papers = library
    assert papers("search", "--tag", "", "--offline").exit_code == 2
    async with server() as session:
        assert await error(session, "search", tag="") == (
            "tag: '' holds no tag: give one, or leave tag out")
        assert await error(session, "search", query="llava", keyword=["llava", ""]) == (
            "keyword: '' holds no word: give one, or leave keyword out")
        assert "leave since out" in await error(session, "search", since=" ")
        assert "leave exclude out" in await error(session, "list_papers", period="month",
                                                  date="2024-01", exclude=["*"])
        assert "leave family out" in await error(session, "related_papers",
                                                 id="2401.01055", family=[" "])
        assert "leave until out" in await error(session, "for_you", until="")
        assert await error(session, "for_you", watch=" ") == (
            "watch: ' ' names no watch: give one's name, or leave watch out")
        # A filter with a word still filters.
        assert await call(session, "search", keyword=["llava"], detail="full") == cli_json(
            papers, "search", "--keyword", "llava", "--offline", "-n", "20")


async def test_a_name_or_value_quoted_back_is_what_was_sent(library: Any) -> None:
    """A tool's name, an argument's name or a value quoted in an error had its escapes,
    controls and spaces taken out ("'ab' is not a tool" for "a\\x1b[31mb", "watch: ''" for
    " "), naming what was not sent, and was cut without a sign of it; now it is quoted as
    the command line quotes: as sent, each control written as its escape, a long one
    cut with "…"."""
    async with server() as session:
        assert (await unknown(session, "a\x1b[31mb\u202e")).endswith(
            "'a\\x1b[31mb\\u202e' is not a tool of this server — see the tools list")
        assert (await error(session, "search", query="x", **{"x\x07 y": 1})).startswith(
            "search takes no argument 'x\\x07 y' — it takes ")
        assert await error(session, "search", query="x", sort="r\x1b[2J" + "x" * 80) == (
            "sort must be one of trending, upvotes, new, stars, relevance, not "
            "'r\\x1b[2J" + "x" * 55 + "…'")
        assert await error(session, "search", query="x", tag=["ok", "\t"]) == (
            "tag: '\\t' holds no tag: give one, or leave tag out")


async def test_a_command_in_a_hint_is_a_tool_only_when_the_server_offers_it(
        library: Any) -> None:
    """"tag papers ... with `papers tag ID mine`": with --allow-writes, the `tag` tool and
    its arguments, whole; without, a tool the server does not offer is the user's
    command (an assistant calling `star` would only be refused)."""
    papers = library
    assert papers("tag", "2401.01055", "mine").exit_code == 0
    async with server() as session:
        said = await notes(session, "for_you", tag=["mine"])
        assert "the user can tag papers they like with the user's command `papers tag ID mine`" \
            in said
        assert "the user can star papers they like with the user's command `papers star ID`" \
            in await notes(session, "for_you")
    async with server("--allow-writes") as session:
        said = await notes(session, "for_you", tag=["mine"])
        assert "the user can tag papers they like with `tag` (tags mine)" in said
        assert said.count("`") % 2 == 0
        assert "the user can star papers they like with `star`" in await notes(session,
                                                                               "for_you")


async def test_a_filters_description_names_a_tool_only_when_the_server_offers_it(
        library: Any) -> None:
    """noted's "(`papers note ID`; ...)": the note tool with --allow-writes; without, the
    user's command (before: `note`, a tool a read-only server does not offer)."""
    for args, said in [((), "(the user's command `papers note ID`;"), (("--allow-writes",),
                                                                         "(`note`;")]:
        async with server(*args) as session:
            tools = {t.name: t.input_schema for t in (await session.list_tools()).tools}
            for name in ("search", "list_papers", "for_you", "related_papers"):
                assert said in tools[name]["properties"]["noted"]["description"], name


def test_the_client_closing_stdin_during_a_slow_request_ends_it_at_once(
        library: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The spec's shutdown: the client closes the server's stdin and waits for it to exit.
    A call still waiting on the Hub is left behind (exit 0), not waited for (here the
    request's timeout is 10 minutes)."""
    hub = _hub_that_never_answers(monkeypatch)
    try:
        proc = _serving("--online", "--timeout", "600")
        assert proc.stdin and proc.stdout
        proc.stdin.write(_request(2, "tools/call", {"name": "search",
                                                    "arguments": {"query": "llava"}}))
        proc.stdin.flush()
        conn, _ = hub.accept()  # the search is waiting for the Hub's answer
        try:
            proc.stdin.close()
            code = _exit_code(proc)
        finally:
            conn.close()
        assert code == 0
        assert all(json.loads(line)["jsonrpc"] == "2.0" for line in proc.stdout)
        assert proc.stderr and "Traceback" not in proc.stderr.read()
    finally:
        hub.close()


async def test_a_library_that_cannot_be_made_is_said_in_the_answer(
        home: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """As `papers search` ends with a note saying why the library is empty and what to
    change, the tool's answer says it (before: kept for when the server ended, and lost)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    async with server() as session:
        result = await session.call_tool("search", {"query": "llava"})
    assert not result.is_error and json.loads(result.content[0].text) == []  # type: ignore
    said = result.content[1].text  # type: ignore[union-attr]
    assert "so the library is empty for now" in said
    # (the server's environment is the user's to change, as the user's config is)
    assert (f"{blocker} is not a folder: tell the user to set XDG_CACHE_HOME to one they "
            "can write") in said


async def test_a_server_started_before_any_library_reads_the_one_made_since(
        seeded_hub: HubServer, papers: Any, home: Home) -> None:
    """A server started in a fresh home (no library.db yet: none is made by a read)
    answers from the library another papers process makes while it runs, as it did when
    starting made an empty file: a first `papers today` after `papers mcp` was set up."""
    async with server() as session:
        assert await call(session, "search", query="llava") == []
        assert not home.library.exists()
        assert papers("today").exit_code == 0  # another process fetches: the file is made
        assert home.library.exists()
        found = await call(session, "search", query="llava")
    assert found and [p["id"] for p in found] == [
        p["id"] for p in cli_json(papers, "search", "llava", "--offline")]
