"""Author names as the Hub gives them: each author's `name` (the paper's byline) and, for
one with a Hub account, `user.fullname` (the account's display name, often the same name
in another script, or a nickname). The byline is kept and shown; the display name stands
in only when the byline is missing or blank, and is cleaned like any name."""

from __future__ import annotations

import copy
import json
from typing import Any

from conftest import TODAY
from hubserver import HubServer, seed_items


def _item(authors: list[Any]) -> dict[str, Any]:
    item = copy.deepcopy(seed_items()[0])
    item["paper"]["authors"] = authors
    return item


def test_the_byline_is_kept_and_a_blank_one_falls_back_to_the_account_name(
        papers, hub: HubServer) -> None:
    authors = [
        {"name": "Zhibo Yang", "user": {"fullname": "杨智博", "user": "zby"}},
        {"name": "", "user": {"fullname": "李琳", "user": "linli"}},
        {"name": "   ", "user": {"fullname": "Jiayuan\u0007 Rao", "user": "jr"}},
        {"name": 7, "user": {"fullname": "Peixuan Han"}},
        {"user": {"fullname": ["not", "a", "name"]}},
        {"name": "", "user": "not an account"},
        {"name": "Hidden One", "hidden": True, "user": {"fullname": "Hidden"}},
    ]
    hub.set_day(TODAY, [_item(authors)])
    result = papers("today", "--json")
    assert result.exit_code == 0, result.stderr
    [paper] = json.loads(result.stdout)
    # Before, a blank byline was dropped with its author: "李琳" and the rest were lost.
    assert paper["authors"] == ["Zhibo Yang", "李琳", "Jiayuan Rao", "Peixuan Han"]
    shown = papers("show", paper["id"], "--offline")
    assert shown.exit_code == 0, shown.stderr
    assert "Zhibo Yang, 李琳, Jiayuan Rao" in shown.stdout and "杨智博" not in shown.stdout
    found = papers("search", "--author", "李琳", "--offline", "--json")
    assert found.exit_code == 0, found.stderr
    assert [p["id"] for p in json.loads(found.stdout)] == [paper["id"]]
