"""`--explain` says a paper ranks lower for the papers you hid that it is like ("lower:
like 1 hidden paper") from the likeness at which a hide lowers a paper, not only of near
copies: from a cosine of 0.2 it said so of about one paper of a whole library for each
hidden paper, so a week's for-you never did, not even of a paper the hides halved.

The library is test_ranking's four topics; one more recent paper opens with the first
words of a hidden paper's abstract and goes on in words of its own: as alike to it as a
paper of its topic is on the real archive (a cosine of 0.15 to 0.2)."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY, Papers
from test_ranking import ITEMS, ids_of, import_topics, star

OWN = ["lighthouse", "keeper", "coastline", "fog", "beacon", "harbour", "tide", "lantern",
       "shipwreck", "cliff", "gull", "pier"]


@pytest.fixture
def lib(papers, tmp_path: Path):  # type: ignore[no-untyped-def]
    return import_topics(papers, tmp_path)


def add_paper_partly_like(lib: Papers, tmp_path: Path, item: dict[str, Any]) -> str:
    """A paper listed yesterday whose abstract opens with the first 25 words of `item`'s
    and goes on in 80 words of its own, under a title of its own."""
    day = TODAY - timedelta(days=1)
    pid = f"{day:%y%m}.09901"
    words = item["paper"]["summary"].rstrip(".").split()[:25] + [
        OWN[n % len(OWN)] for n in range(80)]
    stamp = f"{day.isoformat()}T08:00:00.000Z"
    title = "Lighthouse keeper beacon coastline"
    paper = {"id": pid, "title": title, "summary": " ".join(words) + ".",
             "authors": [{"name": "Author X"}], "publishedAt": stamp, "upvotes": 1}
    (tmp_path / "partly.json").write_text(json.dumps(
        [{"paper": paper, "publishedAt": stamp, "title": title, "numComments": 0}]))
    assert lib("import", str(tmp_path / "partly.json")).exit_code == 0
    return pid


def test_explain_says_a_paper_as_alike_as_a_topics_ranks_lower_for_a_hide(
        lib: Papers, tmp_path: Path) -> None:
    star(lib, *ids_of("robot", recent=False)[:4])
    hidden = ITEMS["finance"][0]
    pid = add_paper_partly_like(lib, tmp_path, hidden)
    before = json.loads(lib("for-you", "--json", "-n", "0").stdout)
    assert lib("hide", hidden["paper"]["id"]).exit_code == 0
    after = lib("for-you", "--json", "-n", "0", "--explain")
    assert after.exit_code == 0, after.stderr
    now = {p["id"]: p for p in json.loads(after.stdout)}
    assert now[pid]["score"] < next(p["score"] for p in before if p["id"] == pid)
    assert now[pid]["why"]["hidden_like"] == 1  # lowered by the hide, and said so
    table = lib("for-you", "--explain", "-n", "0")
    line = next(x for x in table.stdout.splitlines() if f" {pid}: " in x)
    assert "lower: like 1 hidden paper" in line
    # The papers of its topic are said to be like it; the protein papers, which share
    # only the filler words every paper here is mostly made of, are not.
    assert all(now[p]["why"]["hidden_like"] == 1 for p in ids_of("finance", recent=True)[1:])
    assert all(now[p]["why"]["hidden_like"] == 0 for p in ids_of("protein", recent=True))


def test_explain_names_the_hidden_papers_a_paper_is_like(lib: Papers, tmp_path: Path) -> None:
    """"lower: like 1 hidden paper" did not say which: to take a hide back (`papers unhide
    ID`) one had to search the hidden papers for it. The line names the most alike (two
    at most, while the closest starred paper is named too) and JSON lists them all."""
    star(lib, *ids_of("robot", recent=False)[:4])
    hidden = ids_of("finance", recent=True)[:3]
    pid = add_paper_partly_like(lib, tmp_path, ITEMS["finance"][0])
    assert lib("hide", hidden[0]).exit_code == 0
    one = lib("for-you", "--explain", "-n", "0")
    line = next(x for x in one.stdout.splitlines() if f" {pid}: " in x)
    assert f"lower: like 1 hidden paper ({hidden[0]})" in line
    assert lib("hide", *hidden[1:]).exit_code == 0
    result = lib("for-you", "--json", "-n", "0", "--explain")
    assert result.exit_code == 0, result.stderr
    why = {p["id"]: p["why"] for p in json.loads(result.stdout)}
    assert why[pid]["hidden_like_ids"][0] == hidden[0]  # the most alike first
    other = ids_of("finance", recent=True)[3]
    assert sorted(why[other]["hidden_like_ids"]) == sorted(hidden)
    assert why[other]["hidden_like"] == 3
    table = lib("for-you", "--explain", "-n", "0")
    line = next(x for x in table.stdout.splitlines() if f" {other}: " in x)
    named = re.search(r"lower: like 3 hidden papers \((\S+), (\S+)…\)", line)
    assert named and set(named.groups()) < set(hidden), line
    assert all(len(w["hidden_like_ids"]) == w["hidden_like"] for w in why.values())
