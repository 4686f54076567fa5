"""`--author` as people type names: letters Unicode gives no accent to drop (Łukasz,
Yağız, Øland), initials ("Y. Bengio") and a family name first ("Bengio Yoshua"), in the
library (the search index, the count in the caption) and in a listing."""

from __future__ import annotations

import copy
import json
from typing import Any

from conftest import TODAY
from hubserver import HubServer, seed_items

BYLINES = [
    ["Łukasz Dudziak", "Ada Invented"],
    ["Yağız Aksoy"],
    ["Anders Øland", "Vésteinn Snæbjarnarson"],
    ["Yoshua Bengio", "Cy New"],
    ["Samy Bengio"],
    ["Y. Bengio"],
    ["Zhibo Yang"],
]


def _ids(hub: HubServer) -> list[str]:
    items: list[dict[str, Any]] = []
    for item, names in zip(seed_items(), BYLINES, strict=False):
        item = copy.deepcopy(item)
        item["paper"]["authors"] = [{"name": n, "hidden": False} for n in names]
        items.append(item)
    hub.set_day(TODAY, items)
    return [item["paper"]["id"] for item in items]


def _found(papers, *args: str) -> list[str]:
    result = papers(*args, "--json")
    assert result.exit_code == 0, (args, result.stderr)
    return sorted(p["id"] for p in json.loads(result.stdout))


def test_letters_without_an_accent_to_drop_are_folded(papers, hub: HubServer) -> None:
    """Before, `-a lukasz` did not find Łukasz (nor yagiz Yağız, oland Øland): NFKD has
    no plain letter in Ł, ı, ø, æ, so only `-a łukasz` did."""
    ids = _ids(hub)
    assert papers("today", "-q").exit_code == 0
    for name, paper in (("lukasz", ids[0]), ("Lukasz Dudziak", ids[0]),
                        ("yagiz aksoy", ids[1]), ("oland", ids[2]),
                        ("snaebjarnarson", ids[2]), ("Łukasz", ids[0])):
        assert _found(papers, "search", "--author", name, "--offline") == [paper], name
        assert _found(papers, "today", "--author", name, "--offline") == [paper], name


def test_initials_and_a_family_name_first_find_the_author(papers, hub: HubServer) -> None:
    """Before, "Y. Bengio" found only the byline written so, and "Bengio Yoshua" nothing.
    A one-letter word stands for a name it begins; the words may come in any order;
    initials alone are never enough; and the caption counts just these."""
    ids = _ids(hub)
    assert papers("today", "-q").exit_code == 0
    yoshua, samy, short = ids[3], ids[4], ids[5]
    for name, wanted in (("Y. Bengio", [yoshua, short]), ("bengio, y.", [yoshua, short]),
                         ("Bengio Yoshua", [yoshua]), ("Yoshua Bengio", [yoshua])):
        assert _found(papers, "search", "--author", name, "--offline") == sorted(
            wanted), name
        assert _found(papers, "today", "--author", name, "--offline") == sorted(
            wanted), name
    assert _found(papers, "search", "--author", "Yang Zhibo", "--offline") == [ids[6]]
    assert _found(papers, "search", "--author", "Y. B.", "--offline") == []
    assert _found(papers, "search", "--author", "bengio", "--offline") == sorted(
        [yoshua, samy, short])
    shown = papers("search", "--author", "Y. Bengio", "--offline", "-n", "1")
    assert shown.exit_code == 0, shown.stderr
    assert "1 of 2 papers" in shown.stdout
