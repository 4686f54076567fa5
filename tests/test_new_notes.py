"""`papers new`'s tables at 80 columns: one set of columns for all the tables of a run."""

from __future__ import annotations

import copy
import re
import sys
from datetime import date

import pytest

from conftest import Papers
from hubserver import HubServer, item_for_day, seed_items
from papercli.terminal import cell_width

FRI, MON = date(2026, 11, 20), date(2026, 11, 23)
SPAN = re.compile(r"\d{4}-\d{2}-\d{2}(?: to | – |–)\d{4}-\d{2}-\d{2}")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def at(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    monkeypatch.setenv("PAPERS_NOW", f"{day.isoformat()}T12:00:00Z")


def fits(stderr: str) -> None:
    """Every line of `stderr` is one of papercli's and fits 80 columns."""
    assert stderr.strip() and "Traceback" not in stderr
    for line in stderr.splitlines():
        assert line.startswith("papers: ") and cell_width(line) <= 80, line


def paper(n: int, title: str, day: date) -> dict:
    """A Daily Papers item of our own (id 2412.9xxxx) titled `title`, listed on `day`."""
    item = copy.deepcopy(seed_items()[0])
    item["paper"].update(id=f"2412.9{n:04d}", title=title, upvotes=10 + n,
                         summary=f"{title}. A study of its own.")
    item["title"] = title
    item["summary"] = item["paper"]["summary"]
    return item_for_day(item, day)


def test_the_tables_of_one_run_show_the_same_columns_at_80(
        papers: Papers, hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each watch's table was fitted alone: the agents' (families in every row) gave up
    the arXiv date and kept Families, the proofs' (no family) kept the date. Now one set
    of columns, the widest that fits every table, is shown by all of them."""
    from papercli import terminal

    long = "with a title long enough to take the room a title wants at 80 columns"
    hub.set_day(FRI, [
        *(paper(n, f"LLaVA and Qwen agent {n} {long}", FRI) for n in range(3)),
        *(paper(10 + n, f"A theorem prover {n} {long}", FRI) for n in range(3))])
    papers("watch", "add", "agents", "--keyword", "agent")
    papers("watch", "add", "proofs", "--keyword", "theorem")
    at(monkeypatch, FRI)
    monkeypatch.setattr(terminal, "is_terminal", lambda stream: stream is sys.stdout)
    monkeypatch.setenv("PAPERS_PAGER", "")
    monkeypatch.setenv("COLUMNS", "80")
    result = papers("new", "--peek")
    assert result.exit_code == 0, result.stderr
    shown = ANSI.sub("", result.stdout)
    assert "New · agents" in shown and "New · proofs" in shown
    headers = [re.split(r"\s{2,}", line.strip()) for line in shown.splitlines()
               if line.lstrip().startswith("#")]
    assert len(headers) == 2 and headers[0] == headers[1], headers
    assert all(cell_width(line) <= 80 for line in shown.splitlines())
    assert "Title" in headers[0] and "ID" in headers[0]
