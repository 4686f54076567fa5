"""Error wording: a count qualifier's number too large said as its option says it, a
typed backslash quoted once, ids refused alike whatever they look like, and arXiv out of
reach said with what to do in 80 columns."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from conftest import one_line
from hubserver import HubServer
from papercli.terminal import cell_width


@pytest.mark.parametrize("typed", [
    "upvotes:>99999999999999999999", "upvotes:>9999999999", "upvotes:>1000000000",
    "stars:>=99999999999999999999", "stars:2000000000..3000000000",
    "upvotes:>" + "9" * 5000])
def test_a_count_qualifier_past_the_most_says_the_most(library, typed: str) -> None:
    """`upvotes:>99999999999999999999` said "is no count — use upvotes:>=N", though its
    form is right; `upvotes:>9999999999` was taken, a filter --min-upvotes refuses. Both
    now say the most, as --min-upvotes says it."""
    got = library("search", f"llava {typed}", "--offline")
    assert (got.exit_code, got.stdout) == (2, "")
    line = one_line(got.stderr)
    assert line.startswith("papers: error: '") and "is too large — use at most " \
        "1,000,000,000" in line, line
    assert cell_width(line) <= 80, line
    option = library("search", "llava", "--min-upvotes", "99999999999999999999", "--offline")
    assert one_line(option.stderr).endswith("— use at most 1,000,000,000")


def test_a_count_qualifier_at_the_most_and_no_count_are_as_before(library) -> None:
    at_most = library("search", "llava upvotes:>=1000000000", "--offline")
    assert at_most.exit_code == 0, at_most.stderr
    many = library("search", "llava stars:many", "--offline")
    assert one_line(many.stderr) == ("papers: error: 'stars:many' is no count — use "
                                     "stars:>=N (at least N)")


def test_a_typed_backslash_is_quoted_once(library) -> None:
    r"""`papers search 'C:\path'` said "no paper in the library matches 'C:\\path'":
    repr's doubled backslash, not what was typed. A control character is still its
    escape."""
    got = library("search", "C:\\path", "--offline")
    assert got.stdout == ""
    assert "'C:\\path'" in got.stderr and "\\\\" not in got.stderr, got.stderr
    escaped = library("related", "a\\\x1b[31mb")
    assert escaped.exit_code == 2
    line = one_line(escaped.stderr)
    assert "'a\\\\x1b[31mb'" in line and "\x1b" not in line, line


@pytest.mark.parametrize("given", ["\x1b[31mred", "ab\x01c", "12345", "", "x y"])
def test_an_id_refused_is_not_a_paper_id_whatever_it_looks_like(library, given: str) -> None:
    """'[bold]x' was "not a paper id", an id with an escape in it "not an arXiv id or
    paper URL": the same mistake, said two ways."""
    got = library("related", given)
    assert got.exit_code == 2 and got.stdout == ""
    line = one_line(got.stderr)
    assert line.endswith(" is not a paper id — e.g. 2401.01055"), line
    words = one_line(library("related", "[bold]x").stderr)
    assert "is not a paper id" in words or "not an id: " in words, words


@pytest.fixture
def no_arxiv_host(monkeypatch: pytest.MonkeyPatch) -> None:
    """arXiv at its own address, whose host cannot be found (no network): what to check
    is the network, as no variable set the endpoint."""
    monkeypatch.delenv("ARXIV_API_ENDPOINT")
    found = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kw: Any) -> Any:
        if isinstance(host, (str, bytes)) and "arxiv" in str(host):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return found(host, *args, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize(("ids", "said"), [
    (["2406.00042"], "the Hub lacks 2406.00042; arXiv unreachable — check your network"),
    (["2406.00042", "2406.00043"],
     "not on the Hub: 2406.00042, 2406.00043; arXiv unreachable — retry"),
    ([f"2406.000{n}" for n in range(40, 52)],
     "not on the Hub: 2406.00040 and 11 more; arXiv unreachable — retry")])
def test_arxiv_out_of_reach_says_what_to_do_in_80_columns(
        library, hub: HubServer, no_arxiv_host: None, ids: list[str], said: str) -> None:
    """"2406.00042 is not on the Hub; arXiv did not answer": nothing to do at 80 columns
    ("— check your network" made 86), which only PAPERS_DEBUG=1 said."""
    got = library("star", *ids)
    assert got.exit_code == 1
    line = one_line(got.stderr)
    assert line == f"papers: error: {said}", line
    assert cell_width(line) <= 80
