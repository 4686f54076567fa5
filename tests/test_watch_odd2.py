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
