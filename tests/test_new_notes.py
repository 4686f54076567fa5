"""What `papers new` says on stderr around its tables, and the tables themselves at 80
columns: every note within 80 columns with its "papers: ", the days read said once,
--peek's look-back said as it is, a few new watches named and the rest counted, and
one set of columns for all the tables of a run."""

from __future__ import annotations

import copy
import re
import sys
from datetime import date, timedelta

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


def test_a_first_run_past_the_cap_fits_80_columns_and_says_the_days_once(
        papers: Papers, hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """new.first_days 500: the first-run line was 139 columns ("…; new.first_days is more,
    but papers new looks back 90 days at most") and said the 90 days' dates, which the
    count line under it said again."""
    hub.set_day(FRI, seed_items()[:7])
    papers("watch", "add", "llava", "--family", "LLaVA")
    assert papers("config", "set", "new.first_days", "500").exit_code == 0
    at(monkeypatch, FRI)
    result = papers("new", "--peek")
    assert result.exit_code == 0, result.stderr
    fits(result.stderr)
    lines = result.stderr.splitlines()
    assert lines[0] == ("papers: first run: looked at the last 90 days, the most "
                        "(new.first_days is more)")
    back = FRI - timedelta(days=89)
    assert lines[1].startswith(f"papers: 4 new papers from {back} to {FRI}; ")
    assert len(SPAN.findall(result.stderr)) == 1  # (the caption on stdout says it too)


def test_many_new_watches_are_named_a_few_and_counted(
        papers: Papers, hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Six watches added since the last run: "new watches a, b, c, d, e, f: also looked
    back to …" grew with each; a few are named, the rest counted, within 80 columns."""
    hub.set_day(FRI, seed_items()[:7])
    hub.set_day(MON, seed_items()[7:13])
    papers("watch", "add", "llava", "--family", "LLaVA")
    at(monkeypatch, FRI)
    assert papers("new", "--json").exit_code == 0
    names = ["quant", "vlm", "bench", "cot", "sft", "en"]
    for name in names:
        assert papers("watch", "add", name, "--keyword", name).exit_code == 0
    at(monkeypatch, MON)
    result = papers("new")
    assert result.exit_code == 0, result.stderr
    fits(result.stderr)
    said = next(line for line in result.stderr.splitlines() if "looked back" in line)
    assert re.match(r"papers: new watches quant(, \w+)* and \d more: also looked back "
                    rf"to {MON - timedelta(days=13)}", said), said
    named = said.split(":")[1].removeprefix(" new watches ").split(" and ")[0].split(", ")
    assert named == names[:len(named)] and said.endswith(f"and {6 - len(named)} more"
                                                         + said.split("more")[1])


def test_peek_says_a_new_watch_looks_back_again_next_time(
        papers: Papers, hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under --peek nothing moves on: the new watch looks back again next time, for the
    same papers. "the rest next time" said that some would wait, which was not so."""
    hub.set_day(FRI, seed_items()[:7])
    hub.set_day(MON, seed_items()[7:13])
    papers("watch", "add", "llava", "--family", "LLaVA")
    at(monkeypatch, FRI)
    assert papers("new", "--json").exit_code == 0
    papers("watch", "add", "quant", "--keyword", "quantized")
    at(monkeypatch, MON)
    peek = papers("new", "--peek", "-n", "1", "--json")
    assert peek.exit_code == 0, peek.stderr
    fits(peek.stderr)
    back = MON - timedelta(days=13)
    assert (f"papers: new watch quant: also looked back to {back}, and will again (--peek)"
            in peek.stderr.splitlines())
    assert "the rest next time" not in peek.stderr
    again = papers("new", "--peek", "--json")  # the same papers, looked back for again
    assert set(peek.ids) <= set(again.ids) and "will again (--peek)" in again.stderr


def test_nothing_new_for_many_watches_fits_80_columns(
        papers: Papers, hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """"nothing new for your 12 watches from … to … (--all: every new paper)" was 94
    columns."""
    hub.set_day(FRI, seed_items()[:7])
    hub.set_day(MON, seed_items()[7:13])
    for n in range(12):
        papers("watch", "add", f"w{n}", "--keyword", f"nosuchword{n}")
    at(monkeypatch, FRI)
    assert papers("new").exit_code == 0
    at(monkeypatch, MON)
    result = papers("new")
    assert result.exit_code == 0 and result.stdout == ""
    fits(result.stderr)
    assert result.stderr == (f"papers: nothing new for 12 watches since {FRI} "
                             "(--all: 13 other new papers)\n")


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
