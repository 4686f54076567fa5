"""A tool error's advice is the assistant's to follow: what it can do itself (call again,
another argument) is said to it, and what only the user can do (their network, their
disk, their files, the server's environment) is said as the user's ("tell the user to
free some disk space"), through a real `papers mcp` process and the SDK's client. And an
optional text argument given empty is refused as an empty filter is, not taken for left
out."""

from __future__ import annotations

import errno
import socket
from typing import Any

import pytest

from test_mcp import call, error, server

# `papers mcp` with nothing naming where the Hub and arXiv are (`Transport._named`: no
# variable set, the endpoints their defaults), which are yet a closed port: a network
# that refuses the connection, as a machine offline does, without the test leaving it.
_NOTHING_NAMED = """
import sys
from papercli.sources import transport
transport.Transport._named = lambda self: None
sys.argv[0] = "papers"
from papercli.cli.main import main
main()
"""

# `papers mcp` under a file-size limit of LIMIT bytes (`ulimit -f`): a write past it fails
# with EFBIG, as on a full disk (Python ignores SIGXFSZ).
_LIMITED = """
import resource, sys
limit = int(sys.argv.pop(1))
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
sys.argv[0] = "papers"
from papercli.cli.main import main
main()
"""


# `papers mcp` where the folder in sys.argv[1] reads as one the user may not write in (as
# the OS says of a read-only folder: root, whom permission bits do not stop, too).
_FOLDER_READ_ONLY = """
import os, sys
folder = sys.argv.pop(1)
real = os.access
os.access = lambda path, mode, **kw: (not (mode & os.W_OK and os.fspath(path).startswith(
    folder))) and real(path, mode, **kw)
sys.argv[0] = "papers"
from papercli.cli.main import main
main()
"""


def _closed_port() -> int:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        return int(closed.getsockname()[1])


async def test_the_network_to_check_is_the_users(library: Any,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """"check your network" reached the assistant as "check the user's network", a
    network it cannot check: it is the user's to check."""
    port = _closed_port()
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("ARXIV_API_ENDPOINT", f"http://127.0.0.1:{port}/api/query")
    async with server("--online", start=("-c", _NOTHING_NAMED)) as session:
        said = await error(session, "list_papers", period="day", date="2024-01-05")
    assert "tell the user to check their network" in said, said
    assert "the user's network" not in said and "your" not in said, said


async def test_a_file_size_limit_is_the_users_to_raise(library: Any) -> None:
    """A write stopped by the system: what to do is the user's (before: "raise the limit
    (ulimit -f unlimited) and try again", said to the assistant)."""
    async with server("--allow-writes", start=("-c", _LIMITED, "1")) as session:
        said = await error(session, "star", ids=["2401.01055"])
    assert "file-size limit" in said, said
    assert "tell the user to raise the limit (ulimit -f unlimited)" in said, said


async def test_a_library_that_cannot_be_written_is_read_by_a_server_started_offline(
        seeded_hub: Any, library: Any, home: Any) -> None:
    """A server started --online on a library it cannot write: a call that stores what it
    fetched said "reading works (try --offline)", an option no tool has and an MCP host
    does not type. What the user can do is said as theirs: start the server without
    --online (which reads the library as it is), or make the folder writable."""
    folder = str(home.cache / "papercli")
    start = ("-c", _FOLDER_READ_ONLY, folder)
    async with server("--online", start=start) as session:
        said = await error(session, "list_papers", period="day", date="today")
    assert "cannot be written" in said and "--offline" not in said, said
    assert ("tell the user to start `papers mcp` without --online, to read the library as "
            "it is") in said, said
    assert f"tell the user to make {folder} writable" in said, said
    async with server(start=start) as session:  # (and so it does)
        assert await call(session, "search", query="llava")


@pytest.mark.parametrize("number", [errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG,
                                    errno.EACCES, errno.EPERM])
def test_a_full_or_read_only_disk_is_the_users_to_free(number: int) -> None:
    """What the system stopped, met outside the storage layer (`_unexpected`), says what
    happened and what the user can do (before: "No space left on device", nothing to do;
    "free some space" said to the assistant)."""
    from papercli.mcpserver import _unexpected

    said = _unexpected(OSError(number, "the system's words", "/some/file"))
    assert " — tell the user to " in said, said
    assert "the system's words" not in said and "your" not in said, said


@pytest.mark.parametrize(("hint", "expected"), [
    ("check your network, or set HF_ENDPOINT",
     "tell the user to check their network, or set HF_ENDPOINT"),
    ("try again later, or check your network",
     "try again later, or tell the user to check their network"),
    ("free some space and try again; nothing was changed",
     "tell the user to free some disk space and try again; nothing was changed"),
    ("free some space within your quota (or ask for more) and try again",
     "tell the user to free some disk space within their quota (or ask for more) and "
     "try again"),
    ("make it writable, or choose another place",
     "tell the user to make it writable, or choose another place"),
    ("/a is not a folder: move it aside, or set XDG_DATA_HOME to a folder you can write",
     "/a is not a folder: tell the user to move it aside, or set XDG_DATA_HOME to a "
     "folder they can write"),
    ("check that HF_TOKEN is a valid token, or unset it",
     "tell the user to check that HF_TOKEN is a valid token, or unset it"),
    ("upgrade papercli (pip install -U papercli)",
     "tell the user to upgrade papercli (pip install -U papercli)"),
    # the assistant's own: left to it
    ("the Hub may be down; try again later", "the Hub may be down; try again later"),
    ("the id is bad — check it", "the id is bad — check it"),
])
def test_one_table_says_whose_advice_it_is(hint: str, expected: str) -> None:
    """Each hint the server passes on, said once in the tools' terms and the same again."""
    from papercli.mcpserver import _tool_terms

    assert _tool_terms(hint, ()) == expected
    assert _tool_terms(expected, ()) == expected


@pytest.mark.parametrize(("tool", "arguments", "expected"), [
    ("list_papers", {"period": "week", "date": ""},
     "date: '' holds no date: give one, or leave date out"),
    ("list_papers", {"period": "day", "date": "  "},
     "date: ' ' holds no date: give one, or leave date out"),
    ("search", {"query": ""}, "query: '' holds no words: give some, or leave query out"),
    ("trends", {"since": ""}, "since: '' holds no date: give one, or leave since out"),
    ("for_you", {"watch": " "},
     "watch: ' ' names no watch: give one's name, or leave watch out"),
    ("search", {"sort": ""}, "sort: '' holds no value: give one of trending, upvotes, "
     "new, stars, relevance, or leave sort out"),
    ("search", {"tag": ""}, "tag: '' holds no tag: give one, or leave tag out"),
])
async def test_an_empty_text_argument_is_refused_as_an_empty_filter_is(
        library: Any, tool: str, arguments: dict[str, Any], expected: str) -> None:
    """"" is no value: taken for left out, list_papers' date "" was this week (`papers
    week ''` is refused) and search's query "" the whole library, where an empty filter
    or choice was refused."""
    async with server() as session:
        assert await error(session, tool, **arguments) == expected
        # (left out, each is what the tool does without it)
        left_out = {k: v for k, v in arguments.items() if v.strip()}
        if tool == "search":
            await call(session, tool, **left_out)


async def test_an_empty_note_still_says_something(library: Any) -> None:
    """note's text "" is no refusal: it is an empty note, as `papers note ID -m ''`."""
    async with server("--allow-writes") as session:
        done = await call(session, "note", id="2401.01055", text="")
    assert done["chars"] == 0
