"""Watches and `papers new` in the morning loop: papercuts found using them day by day."""

from __future__ import annotations

import json
import tomllib
from datetime import date

import pytest

from conftest import Home, one_line
from hubserver import HubServer, seed_items

ITEMS = seed_items()
FRI = date(2026, 11, 20)
MON = date(2026, 11, 23)
BOTH = ITEMS[2]["paper"]["id"]  # a LLaMA paper about quantized models: both watches


def at(monkeypatch: pytest.MonkeyPatch, day: date, time: str = "12:00:00") -> None:
    monkeypatch.setenv("PAPERS_NOW", f"{day.isoformat()}T{time}Z")


def watch_order(home: Home) -> list[str]:
    return list(tomllib.loads(home.config_file.read_text(encoding="utf-8"))["watch"])


def test_replace_keeps_the_watch_in_its_place_and_its_papers_under_it(
        papers, hub: HubServer, home: Home, monkeypatch) -> None:
    """`watch add NAME --replace` moved the watch to the end of config.toml: the papers it
    shares with a watch after it went under that one in `papers new` (a paper is shown under
    the first watch in the file that matches it), and nothing said so. It stays in place."""
    hub.set_day(FRI, ITEMS[0:3])
    for args in (("meta", "--family", "LLaMA"), ("quant", "--keyword", "quantized"),
                 ("vision", "--family", "LLaVA")):
        assert papers("watch", "add", *args).exit_code == 0
    redone = papers("watch", "add", "meta", "--family", "LLaMA", "-x", "survey", "--replace")
    assert redone.exit_code == 0, redone.stderr
    assert watch_order(home) == ["meta", "quant", "vision"]
    listed = json.loads(papers("watch", "list", "--json").stdout)
    assert [w["name"] for w in listed] == ["meta", "quant", "vision"]
    assert listed[0]["exclude"] == ["survey"]
    # in another case, redefined under its stored name, in its place too
    assert papers("watch", "add", "QUANT", "-k", "quantized", "-k", "llama",
                  "--replace").exit_code == 0
    assert watch_order(home) == ["meta", "quant", "vision"]
    at(monkeypatch, FRI)
    data = json.loads(papers("new", "--peek", "--json").stdout)
    both = next(p for p in data if p["id"] == BOTH)
    assert both["watches"] == ["meta", "quant"]
    table = papers("new", "--peek").stdout
    assert "New · meta" in table and "New · quant" not in table


def test_nothing_new_suggests_all_only_when_it_has_papers_to_show(
        papers, hub: HubServer, monkeypatch) -> None:
    """"nothing new for your 2 watches on … (--all: every new paper)" was said when --all
    had nothing more either (the day's other papers seen by an --all run, or a morning
    before the Hub listed any of the day's papers), and the --all run then said "nothing
    new": --all is suggested with how many it shows, and a day with nothing listed says so."""
    hub.set_day(FRI, ITEMS[0:7])
    assert papers("watch", "add", "llava", "--family", "LLaVA").exit_code == 0
    assert papers("watch", "add", "quant", "--keyword", "quantized").exit_code == 0
    at(monkeypatch, FRI)
    assert papers("new").exit_code == 0
    assert one_line(papers("new", "--peek").stderr) == (
        f"papers: nothing new for your 2 watches on {FRI} (--all: 2 other new papers)")
    assert len(papers("new", "--all", "--json").ids) == 2
    after = papers("new")
    assert after.exit_code == 0 and after.stdout == ""
    assert one_line(after.stderr) == f"papers: nothing new for your 2 watches on {FRI}"
    # Monday morning, before the Hub listed anything: said, and --all not suggested.
    at(monkeypatch, MON, "06:00:00")
    morning = papers("new")
    assert morning.exit_code == 0, morning.stderr
    # (Friday read again, its papers all seen: nothing for --all either)
    assert one_line(morning.stderr) == (
        f"papers: nothing new for your 2 watches from {FRI} to {MON}")
    assert one_line(papers("new").stderr) == (
        f"papers: nothing new for your 2 watches on {MON}: nothing listed yet")
    # --all says it alike: "nothing new in the listings of MON" named a listing of none
    assert one_line(papers("new", "--all").stderr) == (
        f"papers: nothing new on {MON}: nothing listed yet")


def new_on_a_terminal(papers, monkeypatch: pytest.MonkeyPatch, cols: int,  # type: ignore[no-untyped-def]
                      *args: str) -> str:
    """`papers new ARGS` as a terminal of `cols` columns shows it, its styles taken out."""
    import re
    import sys

    from papercli import terminal

    with monkeypatch.context() as patch:
        patch.setattr(terminal, "is_terminal", lambda stream: stream is sys.stdout)
        patch.setenv("PAPERS_PAGER", "")
        patch.setenv("COLUMNS", str(cols))
        return re.sub(r"\x1b\[[0-9;]*m", "", papers("new", *args).stdout)


def test_a_long_heading_keeps_the_name_whole_and_cuts_the_criteria_inside_their_parens(
        papers, hub: HubServer, monkeypatch) -> None:
    """At 80 columns a watch of a long name and several criteria was headed "New ·
    multimodal reasoning… · ≥1 upvotes · excluding survey)": the criteria's " · " read as
    the title's parts, the name cut, the first criteria lost with the "(" before them."""
    hub.set_day(FRI, ITEMS[0:7])
    name = "vision language models for document understanding"
    assert papers("watch", "add", name, "-F", "LLaVA", "-k", "vision", "-x", "survey",
                  "--min-upvotes", "1").exit_code == 0
    short = "agents tools"
    assert papers("watch", "add", short, "-F", "LLaMA", "-x", "survey",
                  "--min-upvotes", "1").exit_code == 0
    at(monkeypatch, FRI)
    piped = papers("new", "--peek").stdout
    assert (f"New · {name} (family LLaVA · keyword vision · ≥1 upvotes · excluding survey)"
            in piped.splitlines())
    shown = new_on_a_terminal(papers, monkeypatch, 80, "--peek").splitlines()
    heads = [line for line in shown if line.startswith("New · ")]
    assert heads == [f"New · {name} (family LLaVA…)",
                     f"New · {short} (family LLaMA · ≥1 upvotes · excluding survey)"]
    narrow = new_on_a_terminal(papers, monkeypatch, 60, "--peek").splitlines()
    assert next(line for line in narrow if line.startswith("New · ")) == f"New · {name}"


def test_a_watch_named_other_is_a_watch_not_the_papers_no_watch_matches(
        papers, hub: HubServer, monkeypatch) -> None:
    """A watch named "other" was headed "New · other papers", and under --all its papers
    and those matching no watch were one group: it is a watch like any other."""
    hub.set_day(FRI, ITEMS[0:7])
    assert papers("watch", "add", "other", "--family", "LLaVA").exit_code == 0
    at(monkeypatch, FRI)
    mine = json.loads(papers("new", "--peek", "--json").stdout)
    assert mine and all(p["watches"] == ["other"] for p in mine)
    assert "New · other (family LLaVA)" in papers("new", "--peek").stdout
    every = papers("new", "--all", "--peek").stdout
    heads = [line for line in every.splitlines() if line.startswith("New · ")]
    assert heads == ["New · other (family LLaVA)", "New · other papers"]
    counts = [line.split(" · ")[0] for line in every.splitlines() if " papers · " in line]
    assert counts == [f"{len(mine)} papers", f"{7 - len(mine)} papers"]


def test_a_watch_on_an_unfollowed_category_says_why_it_finds_nothing(
        papers, hub: HubServer, home: Home, monkeypatch) -> None:
    """A watch on an arXiv category not followed (written by hand, or the category
    unfollowed since `watch add` warned) said "nothing new for the watch cl" run after
    run: the Hub's papers carry no category. `papers new` says why, as `watch add` does."""
    hub.set_day(FRI, ITEMS[0:7])
    assert papers("watch", "add", "llava", "--family", "LLaVA").exit_code == 0
    with home.config_file.open("a", encoding="utf-8") as file:
        file.write('\n[watch.cl]\ncategory = ["cs.CL"]\n')
    at(monkeypatch, FRI)
    warning = "papers: warning: watch cl: cs.CL is not followed — add it to sources.arxiv"
    one = papers("new", "--peek", "--watch", "cl")
    assert one.exit_code == 0, one.stderr
    assert one.stderr.splitlines()[0] == warning
    assert one.stderr.splitlines()[-1].startswith("papers: nothing new for the watch cl ")
    every = papers("new", "--peek")
    assert every.exit_code == 0 and "New · llava" in every.stdout
    assert every.stderr.splitlines()[0] == warning
    assert all(len(line) <= 80 for line in every.stderr.splitlines())
    # the other watch's run says nothing of it
    assert "warning" not in papers("new", "--peek", "--watch", "llava").stderr
