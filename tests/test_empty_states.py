"""Empty states: a command with nothing to list prints nothing on stdout (as gh's lists do:
`papers starred | wc -l` is 0), and says why on stderr, once. A format asked for (JSON)
is still the document it is: `[]`."""

from __future__ import annotations

import json

import pytest

from conftest import Home, one_line
from hubserver import HubServer
from papercli.terminal import cell_width


@pytest.mark.parametrize(("args", "said"), [
    (("starred",), "no starred papers yet: papers star ID adds one (s in papers browse)"),
    (("for-you",), "the library is empty, so nothing is ranked yet (papers sync fills it)"),
    (("search", "llava", "--offline"),
     "the library is empty, so nothing is found yet (papers sync fills it)"),
    (("watch", "list"), "no watches yet: papers watch add llava --family LLaVA adds one"),
    (("orgs",), "no organizations in the library yet (the Hub names them since 2025-10)"),
    (("tags",), "no tags yet (papers tag ID TAG)"),
], ids=" ".join)
def test_an_empty_state_leaves_stdout_empty_and_says_why_on_stderr(
        papers, home: Home, args: tuple[str, ...], said: str) -> None:  # type: ignore[no-untyped-def]
    """Before: starred printed "Starred papers" and "No papers." on stdout, watch list and
    orgs their sentence there, while tags said its own on stderr."""
    done = papers(*args)
    assert done.exit_code == 0, done.stderr
    assert done.stdout == ""
    line = one_line(done.stderr)
    assert line == f"papers: {said}"
    assert cell_width(line) <= 80, line


def test_an_empty_listing_without_a_reason_says_none_on_stderr(
        papers, hub: HubServer) -> None:  # type: ignore[no-untyped-def]
    """A weekday the Hub listed nothing on: the title and "No papers." were the table on
    stdout; now stderr says it, and --json is still the empty list."""
    hub.set_day("2026-08-04", [])
    done = papers("day", "2026-08-04")
    assert done.exit_code == 0, done.stderr
    assert done.stdout == ""
    assert one_line(done.stderr) == "papers: Daily Papers — 2026-08-04: no papers"
    as_json = papers("day", "2026-08-04", "--json")
    assert as_json.exit_code == 0 and json.loads(as_json.stdout) == []


def test_a_weekend_day_says_its_reason_once(papers, hub: HubServer) -> None:  # type: ignore[no-untyped-def]
    hub.set_day("2026-08-01", [])
    done = papers("day", "2026-08-01")
    assert (done.exit_code, done.stdout) == (0, "")
    assert one_line(done.stderr) == (
        "papers: nothing is listed on Saturdays (papers day 2026-07-31 for the Friday)")


def test_an_empty_table_written_to_a_file_is_still_written(
        papers, hub: HubServer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """-o FILE is the output asked for: the file holds the (empty) table."""
    hub.set_day("2026-08-04", [])
    target = tmp_path / "day.txt"
    done = papers("day", "2026-08-04", "-f", "table", "-o", str(target))
    assert done.exit_code == 0, done.stderr
    assert "No papers." in target.read_text(encoding="utf-8")
