"""Relevance through the CLI on a real library: the ORDER a known taste must give, the
caches, hide/unhide and bad input. The library is made here: four topics with their own
vocabulary over shared filler, so which papers a taste must put first is known."""

from __future__ import annotations

import json
import random
import re
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY, Home, one_line, write_config
from hubserver import HubServer

TOPICS = {
    "speech": "speech audio recognition acoustic speaker phoneme waveform transcription",
    "protein": "protein folding molecular amino residue enzyme structure biology",
    "robot": "robot manipulation grasping locomotion policy embodied gripper actuator",
    "finance": "market stock portfolio trading volatility forecasting asset price",
}
FILLER = ["large", "scale", "training", "benchmark", "evaluation", "efficient", "framework",
          "dataset", "baseline", "performance", "accuracy", "learning", "network", "layers",
          "experiments"]


def make_items() -> dict[str, list[dict[str, Any]]]:
    """Per topic: 6 papers listed in the last week (new) and 6 listed 40 days ago (old).
    Upvotes run against relevance, so an upvotes order can never pass for a taste."""
    rng = random.Random(13)
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in TOPICS}
    serial = 0
    for t_index, (topic, words) in enumerate(TOPICS.items()):
        vocab = words.split()
        for k in range(12):
            serial += 1
            recent = k < 6
            day = TODAY - timedelta(days=(k % 6) if recent else 40 + k)
            pid = f"{day:%y%m}.{serial:05d}"
            title = " ".join(rng.sample(vocab, 3) + rng.sample(FILLER, 3)).capitalize()
            summary = " ".join(rng.choice(vocab if rng.random() < 0.4 else FILLER)
                               for _ in range(80)) + "."
            stamp = f"{day.isoformat()}T08:00:00.000Z"
            paper = {"id": pid, "title": title, "summary": summary,
                     "authors": [{"name": f"Author {serial}"}], "publishedAt": stamp,
                     "upvotes": 100 - 10 * t_index - k}
            out[topic].append({"paper": paper, "publishedAt": stamp, "title": title,
                               "numComments": 0})
    return out


ITEMS = make_items()


def ids_of(topic: str, *, recent: bool | None = None) -> list[str]:
    items = ITEMS[topic]
    if recent is not None:
        items = items[:6] if recent else items[6:]
    return [i["paper"]["id"] for i in items]


def topic_of(pid: str) -> str:
    return next(t for t in TOPICS if pid in ids_of(t))


@pytest.fixture
def lib(papers, tmp_path: Path):  # type: ignore[no-untyped-def]
    return import_topics(papers, tmp_path)


def import_topics(papers, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The four topics' papers imported into the test's library (this module's `lib`;
    test_ranking_taste and test_ranking_tags build theirs with it too)."""
    src = tmp_path / "topics.json"
    src.write_text(json.dumps([i for items in ITEMS.values() for i in items]), encoding="utf-8")
    result = papers("import", str(src))
    assert result.exit_code == 0, result.stderr
    return papers


def star(papers, *pids: str) -> None:  # type: ignore[no-untyped-def]
    result = papers("star", "--offline", *pids)
    assert result.exit_code == 0, result.stderr


def ranking_dir(home: Home) -> Path:
    return home.cache / "papercli" / "ranking"


def test_for_you_puts_the_starred_topic_first(lib, home: Home) -> None:
    star(lib, *ids_of("robot", recent=False)[:4])
    result = lib("for-you", "--json", "-n", "0")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    order = [p["id"] for p in data]
    # Only the last week's listings, every topic, nothing starred.
    assert sorted(order) == sorted(i for t in TOPICS for i in ids_of(t, recent=True))
    assert set(order[:6]) == set(ids_of("robot", recent=True))
    scores = [p["score"] for p in data]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s < 1 for s in scores)
    assert scores[5] > scores[6]  # the topic is ahead, not tied with the rest
    assert "relevance" not in result.stderr  # no fallback notice


def test_a_second_taste_reorders_and_the_table_has_a_relevance_column(lib) -> None:
    star(lib, *ids_of("protein", recent=False)[:4])
    first = lib("for-you", "--json", "-n", "6").ids
    assert set(first) == set(ids_of("protein", recent=True))
    table = lib("for-you", "-n", "3")
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[1].split()[:2] == ["#", "Rel"]
    assert [line.split()[4] for line in lines[2:5]] == first[:3]
    assert "by relevance to your stars" in table.stdout


def test_read_marks_count_as_positives(lib) -> None:
    assert lib("read", *ids_of("finance", recent=False)[:4]).exit_code == 0
    data = json.loads(lib("for-you", "--json", "-n", "6").stdout)
    assert set(p["id"] for p in data) == set(ids_of("finance", recent=True))


def test_too_few_positives_fall_back_to_upvotes_and_say_so(lib) -> None:
    star(lib, ids_of("robot", recent=False)[0])
    result = lib("for-you", "--json", "-n", "0")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    upvotes = [p["upvotes"] for p in data]
    assert upvotes == sorted(upvotes, reverse=True)
    assert all(p["score"] is None for p in data)
    assert result.stderr.splitlines()[:2] == [
        "papers: relevance needs 3 starred or read papers; you have 1",
        "papers: most upvoted first for now; star papers you like with papers star ID"]
    assert "most upvoted first" in lib("for-you").stdout
    # --explain has no model to explain: no "nothing in common" under every paper.
    explained = lib("for-you", "-n", "3", "--explain")
    assert explained.exit_code == 0 and "nothing in common" not in explained.stdout
    assert "most upvoted first" in explained.stderr
    # ... and says so once, rather than leaving the reasons out without a word.
    assert explained.stderr.count("--explain has nothing to explain") == 1
    assert "nothing to explain" not in lib("for-you", "-n", "3").stderr
    assert all(p["why"] is None for p in json.loads(
        lib("for-you", "--json", "-n", "3", "--explain").stdout))


def test_too_few_says_it_in_as_many_lines_with_one_star_as_with_none(lib) -> None:
    """With no star the note took two lines; with one it took three, the second repeating
    "starred or read paper" from the first. Both are two lines now, the count alone."""
    none = lib("for-you", "-n", "1")
    assert none.exit_code == 0, none.stderr
    star(lib, ids_of("robot", recent=False)[0])
    one = lib("for-you", "-n", "1")
    assert one.exit_code == 0, one.stderr
    assert none.stderr.splitlines()[0].endswith("; you have none yet")
    assert one.stderr.splitlines()[0].endswith("; you have 1")
    assert len(one.stderr.splitlines()) == len(none.stderr.splitlines()) == 2


@pytest.mark.parametrize("args", [
    ("today", "--offline"), ("day", TODAY.isoformat(), "--offline"), ("starred",),
    ("search", "--offline"), ("search", "robot", "--offline", "-n", "0"),
    ("new", "--all", "--peek", "--offline"), ("export", "-f", "csv"),
    ("export", "robot", "-n", "0", "-f", "csv")], ids=" ".join)
def test_every_listing_says_a_missing_taste_as_for_you_does(lib, args: tuple[str, ...]) -> None:
    """`papers today --sort relevance` without a taste said "warning: relevance needs 3 …"
    (three warnings), where `search` and `for-you` said the same lines as notes: each
    listing sorted by relevance says them as for-you does."""
    star(lib, ids_of("robot", recent=True)[0])
    said = lib("for-you", "-n", "1").stderr.splitlines()
    assert said and all(line.startswith("papers: relevance needs ")
                        or line.startswith("papers: most upvoted first") for line in said)
    result = lib(*args, "--sort", "relevance")
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert lines[lines.index(said[0]):][:len(said)] == said, result.stderr


def test_without_a_taste_the_table_has_no_column_of_dashes(lib) -> None:
    """Before there is a taste the order is upvotes', and the relevance column was a "—"
    on every row, five cells an 80-column title needed; it comes with the taste (or
    when --columns asks for it)."""
    star(lib, ids_of("robot", recent=False)[0])
    table = lib("for-you", "-n", "3")
    assert table.exit_code == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[1].split()[:2] == ["#", "▲"] and "Rel" not in lines[1]
    assert "—" not in "".join(lines[2:5]) and "most upvoted first" in lines[5]
    asked = lib("for-you", "-n", "3", "--columns", "rel,id,title").stdout.splitlines()
    assert asked[1].split()[:3] == ["#", "▲", "Rel"]  # (▲: the order, as below)
    assert [line.split()[2] for line in asked[2:5]] == ["—"] * 3
    star(lib, *ids_of("robot", recent=False)[1:4])
    assert lib("for-you", "-n", "3").stdout.splitlines()[1].split()[:2] == ["#", "Rel"]


@pytest.mark.parametrize("args", [("today", "--offline", "--sort", "relevance"),
                                  ("search", "--offline", "--sort", "relevance"),
                                  ("new", "--all", "--peek", "--offline", "--sort",
                                   "relevance"), ("for-you",)], ids=" ".join)
def test_without_a_taste_chosen_columns_get_the_upvotes_they_are_in(
        lib, args: tuple[str, ...]) -> None:
    """`papers today --sort relevance --columns id,title` before there is a taste showed
    a Rel column of "—" and no ▲, though the order is upvotes' ("most upvoted first for
    now"): the column the papers are in order of is the upvotes', as without --columns."""
    star(lib, ids_of("robot", recent=False)[0])
    result = lib(*args, "-n", "3", "--columns", "id,title")
    assert result.exit_code == 0, result.stderr
    assert "most upvoted first" in result.stderr + result.stdout
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["#", "▲", "ID", "Title"]
    upvotes = [int(line.split()[1]) for line in lines[2:5]]
    assert upvotes == sorted(upvotes, reverse=True) and "—" not in "".join(lines[2:5])
    star(lib, *ids_of("robot", recent=False)[1:4])
    ranked = lib(*args, "-n", "3", "--columns", "id,title").stdout.splitlines()
    assert ranked[1].split() == ["#", "Rel", "ID", "Title"]


@pytest.mark.parametrize("args", [("today", "--offline", "--sort", "trending"),
                                  ("search", "robot", "--offline", "-n", "0"),
                                  ("starred", "--sort", "upvotes"),
                                  ("new", "--all", "--peek", "--offline")], ids=" ".join)
def test_a_rel_column_asked_for_in_another_order_shows_the_scores(
        lib, args: tuple[str, ...]) -> None:
    """`papers today --sort trending --columns rel,title` with a taste showed a Rel
    column of "—" on every row: only --sort relevance scored. Any order now shows each
    paper's score (its order kept); without a taste the column says why it is empty."""
    star(lib, ids_of("robot", recent=False)[0])
    bare = lib(*args, "--columns", "rel,id,title")
    assert bare.exit_code == 0, bare.stderr
    assert bare.stderr.splitlines()[:1] == [
        "papers: relevance needs 3 starred or read papers; you have 1"]
    assert "most upvoted first" not in bare.stderr
    star(lib, *ids_of("robot", recent=False)[1:4])
    plain = lib(*args, "--columns", "id,title")
    result = lib(*args, "--columns", "rel,id,title")
    assert result.exit_code == 0, result.stderr
    assert "relevance needs" not in result.stderr
    rows = re.findall(r"^ *\d+ +(?:\d+ +)?(\S+) +(\d{4}\.\d{5}) ", result.stdout, re.M)
    assert rows and rows[0][0] != "—"
    scores = {pid: int(score) for score, pid in rows}  # (every row a score: no "—")
    # The order is the one asked for, not relevance's.
    in_order = re.findall(r"^ *\d+ +(?:\d+ +)?(\d{4}\.\d{5}) ", plain.stdout, re.M)
    assert [pid for _, pid in rows] == in_order
    robots = [s for pid, s in scores.items() if topic_of(pid) == "robot"]
    others = [s for pid, s in scores.items() if topic_of(pid) != "robot"]
    assert robots and min(robots) > max(others, default=-1)


def test_watches_seed_the_taste_before_there_are_stars(lib, home: Home) -> None:
    write_config(home, '[watch.a]\nkeyword = ["speech"]\n[watch.b]\nkeyword = ["audio"]\n'
                       '[watch.c]\nkeyword = ["acoustic"]\n')
    data = json.loads(lib("for-you", "--json", "-n", "6").stdout)
    assert set(p["id"] for p in data) == set(ids_of("speech", recent=True))


def test_watches_without_words_seed_the_taste_by_their_papers(lib, home: Home) -> None:
    """Three watches of authors (no keyword, no family): for-you said it needed 3 starred
    papers or watches, "you have none yet", and listed by upvotes. Each such watch now
    stands for its papers in the library (old protein papers here): the recent protein
    papers come first, and `--watch` alone counts its watch."""
    write_config(home, "".join(f'[watch.w{n}]\nauthor = ["Author {n}"]\n'
                               for n in (20, 21, 22)))
    result = lib("for-you", "--json", "-n", "6")
    assert result.exit_code == 0, result.stderr
    assert "relevance needs" not in result.stderr
    assert {p["id"] for p in json.loads(result.stdout)} == set(ids_of("protein", recent=True))
    alone = lib("for-you", "--watch", "w20", "-n", "2").stderr
    assert "\npapers: you have 0, and the watch itself counts as 1\n" in alone


def test_too_few_says_what_it_counted_in_words(lib, home: Home) -> None:
    """Two watches and no stars: it said "3 starred or read papers (you have 2, tagged
    papers and watches counted)", as if there were 2 papers; now it names each count."""
    write_config(home, '[watch.a]\nkeyword = ["speech"]\n[watch.b]\nkeyword = ["audio"]\n')
    result = lib("for-you", "-n", "2")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "papers: relevance needs 3 starred or read papers or watches; you have 2 watches",
        "papers: most upvoted first for now; star papers you like with papers star ID"]
    assert lib("tag", "--ids", ids_of("robot", recent=False)[0], "mine").exit_code == 0
    star(lib, ids_of("robot", recent=False)[1])
    write_config(home, "")
    both = lib("for-you", "-n", "2").stderr
    assert ("starred, read or tagged papers\npapers: you have 1 starred or read paper and 1 "
            "tagged paper\n") in both
    write_config(home, '[watch.a]\nkeyword = ["speech"]\n')
    # Under --watch the first note ran to 103 columns: piped, why and what you have are
    # two lines.
    alone = lib("for-you", "--watch", "a", "-n", "2").stderr.splitlines()
    assert alone == ["papers: relevance by the watch a needs 3 starred or read papers it matches",
                     "papers: you have 0, and the watch itself counts as 1",
                     "papers: its papers by upvotes for now; star those you like with "
                     "papers star ID"]


def test_too_few_counts_tagged_papers_in_what_it_needs(lib) -> None:
    """Two tagged papers and no star: "relevance needs 3 starred or read papers; you have
    2 tagged papers" read as if tags did not count, when one star more made a taste."""
    assert lib("tag", *ids_of("robot", recent=False)[:2], "mine").exit_code == 0
    result = lib("for-you", "-n", "2")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[:2] == [
        "papers: relevance needs 3 starred, read or tagged papers",
        "papers: you have 2 tagged papers"]
    star(lib, ids_of("robot", recent=False)[2])
    assert "relevance needs" not in lib("for-you", "-n", "2").stderr


def test_a_taste_of_watches_is_captioned_by_them_and_help_counts_them(lib, home: Home) -> None:
    """Three watches and no star rank (a watch counts as one of the three, its words as
    half a paper), and `show` says "For you", as the README's table says; but the caption
    read "by relevance to your stars" of no star, and `--help` said fewer than 3 starred,
    read or tagged papers fall back to upvotes, leaving the watches out."""
    write_config(home, '[watch.a]\nkeyword = ["speech"]\n[watch.b]\nkeyword = ["audio"]\n'
                       '[watch.c]\nkeyword = ["acoustic"]\n')
    ranked = lib("for-you", "-n", "2")
    assert ranked.exit_code == 0 and "relevance needs" not in ranked.stderr, ranked.stderr
    assert ranked.stdout.splitlines()[-1] == "2 of 24 papers · by relevance to your watches"
    first = lib("for-you", "-q", "-n", "1").stdout.strip()
    assert first in ids_of("speech", recent=True)
    assert "For you: " in lib("show", "--offline", first).stdout
    star(lib, ids_of("speech", recent=False)[0])
    both = lib("for-you", "-n", "2").stdout.splitlines()[-1]
    assert both == "2 of 24 papers · by relevance to your stars and watches"
    helped = " ".join(lib("for-you", "--help").stdout.split())
    assert ("With fewer than 3 starred, read or tagged papers and watches together (a watch "
            "counts as one here, its words as half a paper in the taste) it says so") in helped


def test_the_caption_names_what_the_taste_is_of(lib, home: Home) -> None:
    """A taste of read marks alone, or of tags, was captioned "by relevance to your
    stars", which the user has none of: the caption names each kind the taste holds, in
    one order, the watches last, and a --watch's papers by the watch."""
    old = ids_of("robot", recent=False)
    assert lib("read", "--offline", *old[:3]).exit_code == 0
    assert caption(lib) == "2 of 24 papers · by relevance to your read marks"
    assert lib("tag", old[3], "mine", "--offline").exit_code == 0
    assert caption(lib) == "2 of 24 papers · by relevance to your read marks and tags"
    star(lib, old[4])
    assert caption(lib) == "2 of 24 papers · by relevance to your stars, read marks and tags"
    write_config(home, '[watch.a]\nkeyword = ["robot"]\n')
    assert caption(lib) == ("2 of 24 papers · by relevance to your stars, read marks, tags "
                            "and watches")
    assert caption(lib, "--watch", "a") == (
        "2 of 24 papers · by relevance to your stars, read marks and tags · watch a")


def caption(papers, *args: str) -> str:  # type: ignore[no-untyped-def]
    """for-you's caption, the table's last line."""
    result = papers("for-you", "-n", "2", *args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout.splitlines()[-1])


def test_a_watch_without_a_taste_falls_back_to_its_own_papers(lib, home: Home) -> None:
    """for-you --watch with too few stars listed the most upvoted papers of all (speech,
    the most upvoted topic here), not the watch's: now the watch's, most upvoted first."""
    write_config(home, '[watch.money]\nkeyword = ["market"]\n')
    result = lib("for-you", "--watch", "money", "--json", "-n", "0")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    market = [pid for pid in ids_of("finance", recent=True)
              if "market" in json.dumps(ITEMS["finance"][ids_of("finance").index(pid)])]
    assert market and {p["id"] for p in data} == set(market)
    upvotes = [p["upvotes"] for p in data]
    assert upvotes == sorted(upvotes, reverse=True)
    assert "its papers by upvotes for now" in result.stderr
    table = lib("for-you", "--watch", "money", "-n", "2").stdout
    assert "most upvoted first · watch money" in table


def test_since_and_filters_choose_the_candidates(lib) -> None:
    star(lib, *ids_of("robot", recent=False)[:4])
    start = (TODAY - timedelta(days=60)).isoformat()
    data = json.loads(lib("for-you", "--since", start, "--json", "-n", "0").stdout)
    order = [p["id"] for p in data]
    robots = set(ids_of("robot")) - set(ids_of("robot", recent=False)[:4])
    assert set(order[: len(robots)]) == robots  # older listings too, starred ones left out
    only = json.loads(lib("for-you", "-k", "market", "--json", "-n", "0").stdout)
    assert only and all(topic_of(p["id"]) == "finance" for p in only)


def test_explain_says_which_terms_and_which_starred_paper(lib) -> None:
    starred = ids_of("speech", recent=False)[:4]
    star(lib, *starred)
    result = lib("for-you", "--json", "-n", "3", "--explain")
    for paper in json.loads(result.stdout):
        why = paper["why"]
        assert why["terms"] and set(why["terms"]) <= set(TOPICS["speech"].split() + FILLER)
        assert any(t in TOPICS["speech"].split() for t in why["terms"])
        assert why["closest"]["id"] in starred and why["closest"]["kind"] == "starred"
    table = lib("for-you", "-n", "2", "--explain").stdout.splitlines()
    explained = [line for line in table if line.startswith(("1. ", "2. "))]
    assert len(explained) == 2 and all("closest starred: " in line for line in explained)
    md = lib("for-you", "-n", "2", "--explain", "--format", "md")
    assert md.exit_code == 0 and "for:" not in md.stdout and "for:" in md.stderr


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_carries_the_reasons_and_stderr_does_not_repeat_them(lib, fmt: str,
                                                                  tmp_path: Path) -> None:
    """JSON's "why" is the reasons: they were said again on stderr, a line a paper,
    beside every `--explain --json | jq` (and `-o file.json`)."""
    star(lib, *ids_of("speech", recent=False)[:4])
    target = ids_of("speech", recent=True)[0]
    for args in (["for-you"], ["related", target, "--offline"]):
        result = lib(*args, "--format", fmt, "-n", "2", "--explain")
        assert result.exit_code == 0 and result.stderr == "", result.stderr
        rows = [json.loads(line) for line in result.stdout.splitlines()] if fmt == "jsonl" \
            else json.loads(result.stdout)
        assert len(rows) == 2 and all(row["why"]["terms"] for row in rows)
    written = lib("for-you", "-n", "2", "--explain", "-o", str(tmp_path / f"x.{fmt}"))
    assert written.exit_code == 0 and "for:" not in written.stderr, written.stderr


def test_other_formats_keep_the_order(lib) -> None:
    star(lib, *ids_of("robot", recent=False)[:4])
    order = lib("for-you", "--json", "-n", "0").ids
    csv = lib("for-you", "--format", "csv", "-n", "0")
    assert csv.exit_code == 0
    rows = csv.stdout.splitlines()[1:]
    assert [r.split(",")[0] for r in rows] == order
    assert lib("for-you", "--format", "bibtex", "-n", "0").stdout.count("@misc") == len(order)
    assert len(lib("for-you", "--json").ids) == 20  # the default: the top 20


def test_sort_does_not_apply(lib) -> None:
    result = lib("for-you", "--sort", "upvotes")  # ranked by relevance: no --sort to take
    assert result.exit_code == 2
    assert "for-you has no --sort: it ranks by your taste" in one_line(result.stderr)


def test_related_finds_the_same_topic(lib) -> None:
    target = ids_of("protein", recent=True)[0]
    result = lib("related", target, "--json", "-n", "8")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert target not in [p["id"] for p in data]
    assert len(data) == 8 and all(topic_of(p["id"]) == "protein" for p in data)
    scores = [p["score"] for p in data]
    assert scores == sorted(scores, reverse=True) and 0 < scores[-1] <= scores[0] <= 1
    explained = json.loads(lib("related", target, "--json", "-n", "2", "--explain").stdout)
    assert any(t in TOPICS["protein"].split() for t in explained[0]["why"]["terms"])
    filtered = json.loads(lib("related", target, "--json", "-n", "6", "--until",
                              (TODAY - timedelta(days=30)).isoformat()).stdout)
    assert {p["id"] for p in filtered} == set(ids_of("protein", recent=False))


def test_an_empty_related_list_says_whether_the_filters_emptied_it(lib, hub: HubServer) -> None:
    target = ids_of("protein", recent=True)[0]
    later = (TODAY + timedelta(days=1)).isoformat()
    for args, says in ((("--since", later), f"is dated {later} or later"),
                       (("-k", "zyzzyva"), "contains the word zyzzyva")):
        result = lib("related", target, *args)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ""
        assert result.stderr == f"papers: none of the papers most like this one {says}\n"
    assert lib("related", target, "-n", "3").stderr == ""
    # Without filters, the note says why a paper has no related ones: no word in common.
    hub.add_paper({"id": "2611.77777", "title": "Quokka wombat", "summary": "Quokka wombat.",
                   "authors": [{"name": "A"}], "publishedAt": "2026-11-20T00:00:00.000Z"})
    lonely = lib("related", "2611.77777")
    assert lonely.exit_code == 0 and lonely.stdout == ""
    assert lonely.stderr == "papers: no paper in the library shares enough words with this one\n"


def test_related_lists_only_papers_more_alike_than_the_average_one(lib) -> None:
    """Unlimited, `related` listed every paper sharing a filler word, the other topics
    last with a relevance of 0: no more like the paper than the library's average paper.
    The list now ends where the likeness does."""
    for topic in TOPICS:
        target = ids_of(topic, recent=True)[0]
        found = json.loads(lib("related", target, "--json", "-n", "0").stdout)
        assert {p["id"] for p in found} == set(ids_of(topic)) - {target}
        assert all(p["score"] > 0 for p in found)
    table = lib("related", ids_of("robot", recent=True)[0], "-n", "0").stdout
    assert table.rstrip().endswith("11 papers · by similarity")


def test_a_ranked_document_cut_by_its_default_limit_says_how_to_see_all(
        lib, tmp_path: Path) -> None:
    """`papers for-you -o x.json` said "wrote 20 of 24 papers … (-n 20)", an -n never
    given, and `for-you --json` held 20 without a word: both say the default limit (for-you's
    20, related's) cut it, and how to see all; --help says the 20. display.limit cuts the
    table alone."""
    import os
    import re

    star(lib, *ids_of("robot", recent=False)[:4])
    every = len(lib("for-you", "--json", "-n", "0").ids)
    assert every > 20
    said = lib("for-you", "--json")
    assert len(said.ids) == 20
    assert said.stderr == f"papers: the default limit kept 20 of {every} papers (-n 0: all)\n"
    target = tmp_path / "fy.md"
    wrote = lib("for-you", "-o", str(target))
    assert wrote.stderr == (f"papers: wrote 20 of {every} papers to "
                            f"{os.path.realpath(target)} (-n 0: all)\n")
    assert lib("for-you", "--json", "-n", "20").stderr == ""
    paper = ids_of("robot", recent=True)[0]
    rest = len(lib("related", paper, "--json", "-n", "0").ids)
    assert 3 < rest <= 20
    assert lib("config", "set", "display.limit", "3").exit_code == 0  # for tables alone
    assert f"3 of {rest} papers (-n 0: all)" in lib("related", paper).stdout
    csv = lib("related", paper, "-f", "csv")
    assert csv.stderr == "" and len(csv.stdout.splitlines()) > 3, csv
    for command in ("for-you", "related"):
        assert re.search(r"0: all;\s+default\s+20,", lib(command, "--help").stdout), command


def test_a_cut_related_list_says_how_many_there_are_in_all(lib) -> None:
    """Like every other listing, a related list cut by -n says "N of M", M being what
    -n 0 lists (with the filters, and without the hidden papers); it said "3 papers"."""
    target = ids_of("robot", recent=True)[0]
    everything = lib("related", target, "--json", "-n", "0").ids
    hidden = everything[-1]
    assert lib("hide", hidden).exit_code == 0
    rest = len(everything) - 1
    assert lib("related", target, "-n", "3").stdout.rstrip().endswith(
        f"3 of {rest} papers · by similarity")
    assert lib("related", target, "-n", "0").stdout.rstrip().endswith(
        f"{rest} papers · by similarity")
    # cut by its own limit (display.limit, or related's 20), not -n: how to see the rest
    assert lib("config", "set", "display.limit", "3").exit_code == 0
    assert lib("related", target).stdout.rstrip().endswith(
        f"3 of {rest} papers (-n 0: all) · by similarity")
    assert " papers (-n 0: all) · " in lib("for-you").stdout.splitlines()[-1]
    assert lib("config", "unset", "display.limit").exit_code == 0
    recent = lib("related", target, "--json", "-n", "0", "--since", "10d").ids
    assert 1 < len(recent) < rest
    assert lib("related", target, "-n", "1", "--since", "10d").stdout.rstrip().endswith(
        f"1 of {len(recent)} papers · by similarity")
    assert lib("related", target, "-n", "2", "--hidden").stdout.rstrip().endswith(
        f"2 of {rest + 1} papers · by similarity")


def test_the_bar_related_lists_above_is_the_other_papers_average_score(lib) -> None:
    """Worked out from the mean paper and each term's IDF, the bar is exactly the mean
    score of every other paper of the library, scored one by one."""
    from papercli import ranking
    from papercli.session import Session

    target_id = ids_of("speech", recent=True)[0]
    assert lib("related", target_id, "-n", "1").exit_code == 0  # the vocabulary is fitted
    session = Session.create(offline=True)
    try:
        store = session.store()
        vocab = ranking.Vocabulary.load(store)
        target = store.get_paper(target_id)
        assert vocab is not None and target is not None and vocab.docs == 48
        vec = vocab.vector(ranking.paper_text(target))
        weights = ranking._profile([(vec, 1.0)], vocab.mean, [], ranking.RELATED_AGREEMENT)
        topical = vocab.topical(vec)
        assert topical  # the topic's words are in a quarter of the papers
        scores = [ranking._dot(weights, v) + ranking.RELATED_TOPICAL
                  * len(topical & v.keys()) / len(topical)
                  for pid, text in ranking._sample_texts(store, 1000)
                  if pid != target_id and (v := vocab.vector(text))]
        assert len(scores) == 47
        bar = ranking._average_closeness(vocab, weights, [vec], topical)
        assert bar == pytest.approx(sum(scores) / len(scores), rel=1e-9, abs=1e-12)
    finally:
        session.close()


def test_related_gives_up_once_its_stop_says_so_and_ranks_the_same_until_then(lib) -> None:
    """`stop` is looked at through the ranking (the browser sets it on leaving the view):
    true at any look, Stopped; never true, the list is the list without it."""
    from papercli import ranking
    from papercli.session import Session

    target_id = ids_of("robot", recent=True)[0]
    assert lib("related", target_id, "-n", "1").exit_code == 0  # the vocabulary is fitted
    session = Session.create(offline=True)
    try:
        store = session.store()
        target = store.get_paper(target_id)
        assert target is not None
        looks: list[int] = []

        def never() -> bool:
            looks.append(1)
            return False

        assert ranking.related(store, target, 0, stop=never) == ranking.related(
            store, target, 0)
        assert len(looks) >= 5  # between its steps and its loops over the candidates
        for at in range(len(looks)):
            counted: list[int] = []

            def at_look(at: int = at, counted: list[int] = counted) -> bool:
                counted.append(1)
                return len(counted) > at

            with pytest.raises(ranking.Stopped):
                ranking.related(store, target, 0, stop=at_look)
            assert len(counted) == at + 1  # not looked at again: it gave up there
    finally:
        session.close()


def test_for_you_never_ranks_past_today(lib) -> None:
    later = (TODAY + timedelta(days=1)).isoformat()
    result = lib("for-you", "--since", later)
    assert result.exit_code == 2 and result.stdout == ""
    assert one_line(result.stderr) == (f"papers: error: --since {later} is in the future — "
                                       "pick today or earlier")
    # With an --until later still, too: the window ends today at the latest.
    assert lib("for-you", "--since", later, "--until", later).exit_code == 2
    # Today itself is a window of one day; an --until to come stops at today, as trends.
    assert lib("for-you", "--since", TODAY.isoformat()).exit_code == 0
    coming = lib("for-you", "--until", (TODAY + timedelta(days=30)).isoformat(), "-n", "0")
    assert coming.exit_code == 0, coming.stderr
    start = (TODAY - timedelta(days=6)).isoformat()
    assert coming.stdout.splitlines()[0] == f"For you · listings of {start} – {TODAY}"
    plain = lib("for-you", "-n", "0")
    assert coming.stdout == plain.stdout and len(plain.stdout.splitlines()) > 3


def test_an_unlike_starred_paper_is_not_named_as_the_closest(lib, monkeypatch) -> None:
    """A starred paper less alike than CLOSEST_FLOOR is not named ("closest starred: …
    (0.01)" pointed at noise); one above it is. Here every paper shares filler words
    with every other (about 0.08 across topics), so the floor is raised past that."""
    from papercli import ranking

    star(lib, *ids_of("finance", recent=False)[:3])
    protein = ids_of("protein", recent=True)[0]
    finance = ids_of("finance", recent=True)[0]
    named = json.loads(lib("related", finance, "--json", "-n", "4", "--explain").stdout)
    sims = [p["why"]["closest"]["similarity"] for p in named if p["why"]["closest"]]
    assert sims and min(sims) >= ranking.CLOSEST_FLOOR
    monkeypatch.setattr(ranking, "CLOSEST_FLOOR", 0.15)
    unlike = json.loads(lib("related", protein, "--json", "-n", "4", "--explain").stdout)
    assert unlike and all(p["why"]["closest"] is None for p in unlike)
    assert "closest starred" not in lib("related", protein, "-n", "2", "--explain").stdout
    alike = json.loads(lib("related", finance, "--json", "-n", "4", "--explain").stdout)
    assert any(p["why"]["closest"] for p in alike)  # same-topic stars clear it still


def test_related_never_names_its_own_paper_as_the_closest_starred(lib) -> None:
    """A related list is of the given papers already: "closest starred: <that paper>"
    under every line said nothing. Another starred paper is named instead."""
    given, other = ids_of("protein", recent=False)[:2]
    star(lib, given, other, *ids_of("finance", recent=False)[:2])
    data = json.loads(lib("related", given, "--json", "-n", "4", "--explain").stdout)
    closest = [p["why"]["closest"] for p in data]
    assert all(c is None or c["id"] != given for c in closest), closest
    assert any(c is not None and c["id"] == other for c in closest), closest


def test_related_fetches_a_paper_missing_from_the_library(lib, hub: HubServer) -> None:
    words = TOPICS["finance"]
    hub.add_paper({"id": "2611.99999", "title": f"A study of {words}",
                   "summary": f"We look at {words} {words}.", "authors": [{"name": "A"}],
                   "publishedAt": "2026-11-20T00:00:00.000Z", "upvotes": 3})
    result = lib("related", "2611.99999", "--json", "-n", "5")
    assert result.exit_code == 0, result.stderr
    assert all(topic_of(p["id"]) == "finance" for p in json.loads(result.stdout))
    missing = lib("related", "2611.88888", "--offline")
    assert missing.exit_code == 1
    assert "2611.88888" in one_line(missing.stderr)


def test_hide_leaves_a_paper_out_until_unhidden(lib) -> None:
    star(lib, *ids_of("robot", recent=False)[:4])
    hidden = ids_of("robot", recent=True)[0]
    result = lib("hide", hidden, hidden)
    assert result.exit_code == 0 and "hid 1 paper" in result.stderr
    assert "already hidden" in lib("hide", hidden).stderr
    assert hidden not in lib("for-you", "--json", "-n", "0").ids
    target = ids_of("robot", recent=True)[1]
    assert hidden not in lib("related", target, "--json", "-n", "0").ids
    assert lib("unhide", hidden).exit_code == 0
    assert hidden in lib("for-you", "--json", "-n", "0").ids
    gone = lib("unhide", hidden)
    assert "was not hidden" in gone.stderr and gone.exit_code == 0
    bad = lib("hide", "nonsense")
    assert bad.exit_code == 2 and "not an id: 'nonsense'" in one_line(bad.stderr)


def test_hidden_papers_are_strong_negatives(lib) -> None:
    star(lib, *ids_of("speech", recent=False)[:3], *ids_of("finance", recent=False)[:3])
    mixed = lib("for-you", "--json", "-n", "0").ids
    assert {topic_of(p) for p in mixed[:12]} == {"speech", "finance"}
    assert lib("hide", *ids_of("finance", recent=False)[3:]).exit_code == 0
    after = lib("for-you", "--json", "-n", "0").ids
    assert set(after[:6]) == set(ids_of("speech", recent=True))


def test_hidden_ids_are_exposed_for_new_and_digests(lib, home: Home) -> None:
    from papercli.db.userdb import UserDB

    lib("hide", "2401.01055", "2404.14047")
    with UserDB.open(home.data / "papercli" / "user.db") as udb:
        assert udb.hidden() == {"2401.01055", "2404.14047"}


def test_the_model_is_cached_and_retrained_when_marks_change(lib, home: Home) -> None:
    star(lib, *ids_of("robot", recent=False)[:4])
    first = lib("for-you", "--json")
    taste = ranking_dir(home) / "taste.json"
    stamp = json.loads(taste.read_text())["fingerprint"]
    taste.write_text(taste.read_text().replace('"kind":"taste"', '"kind":"taste" '))
    mtime = taste.stat().st_mtime_ns
    assert lib("for-you", "--json").stdout == first.stdout
    assert taste.stat().st_mtime_ns == mtime, "same marks: the cached model is used"
    star(lib, ids_of("robot", recent=False)[4])
    lib("for-you", "--json")
    assert json.loads(taste.read_text())["fingerprint"] != stamp


@pytest.mark.parametrize("damage", [
    b"\x00\xff garbage", b'{"version": 0, "kind": "taste"}', b"[]",
    b'{"version": 1, "kind": "taste", "fingerprint": "x"', b"",
])
def test_a_damaged_or_old_cache_is_rebuilt_silently(lib, home: Home, damage: bytes) -> None:
    star(lib, *ids_of("protein", recent=False)[:4])
    good = lib("for-you", "--json")
    for name in ("taste.json", "vocabulary.json"):
        (ranking_dir(home) / name).write_bytes(damage)
    again = lib("for-you", "--json")
    assert again.exit_code == 0 and "Traceback" not in again.stderr
    assert again.stdout == good.stdout
    from papercli.ranking import VERSION

    assert json.loads((ranking_dir(home) / "taste.json").read_text())["version"] == VERSION
    assert len(json.loads(lib("starred", "--json").stdout)) == 4  # never a lost star


def test_a_forged_cache_with_the_right_fingerprint_is_data_not_code(lib, home: Home) -> None:
    star(lib, *ids_of("protein", recent=False)[:4])
    lib("for-you", "--json")
    taste = ranking_dir(home) / "taste.json"
    data = json.loads(taste.read_text())
    data["weights"] = {"x": "not a number"}
    taste.write_text(json.dumps(data))
    result = lib("for-you", "--json", "-n", "6")
    assert result.exit_code == 0
    assert set(result.ids) == set(ids_of("protein", recent=True))


def test_empty_library(papers) -> None:
    result = papers("for-you", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    # It says how to fill the library, not an order it cannot apply to nothing.
    assert "(papers sync fills it)" in result.stderr
    assert "upvoted" not in result.stderr
    related = papers("related", "2401.01055", "--offline")
    assert related.exit_code == 1
    assert "not in the empty library" in one_line(related.stderr)


def test_all_marks_cleared_and_empty_abstracts(lib, tmp_path: Path) -> None:
    bare = tmp_path / "bare.json"
    stamp = f"{TODAY.isoformat()}T08:00:00.000Z"
    bare.write_text(json.dumps([{"paper": {"id": "2611.09001", "title": "Untitled", "summary": "",
                                           "publishedAt": stamp}, "publishedAt": stamp}]))
    assert lib("import", str(bare)).exit_code == 0
    picked = [*ids_of("robot", recent=False)[:3], "2611.09001"]
    star(lib, *picked)
    assert lib("for-you", "--json").exit_code == 0
    related = lib("related", "2611.09001", "--json")
    assert related.exit_code == 0 and json.loads(related.stdout) == []
    assert lib("unstar", *picked).exit_code == 0
    result = lib("for-you", "--json", "-n", "0")
    assert result.exit_code == 0 and "relevance needs 3" in result.stderr
    assert all(p["score"] is None for p in json.loads(result.stdout))


def test_an_old_user_database_gains_hidden_marks_and_keeps_its_stars(lib, home: Home) -> None:
    star(lib, *ids_of("robot", recent=False)[:4])
    path = home.data / "papercli" / "user.db"
    with sqlite3.connect(path) as conn:  # back to schema 1, as an older papercli left it
        conn.execute("DROP TABLE hidden")
        conn.execute("DROP INDEX seen_when")
        conn.execute("PRAGMA user_version = 1")
    assert lib("hide", ids_of("robot", recent=True)[0]).exit_code == 0
    assert len(json.loads(lib("starred", "--json").stdout)) == 4


def test_vectors_match_scikit_learn() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from papercli.ranking import Vocabulary, document, grams, is_gram

    texts = [document(i["paper"]["title"], i["paper"]["summary"], ())
             for items in ITEMS.values() for i in items]
    ours = Vocabulary.fit(texts)
    # Words and word pairs: the same features scikit-learn gives for our analyzer.
    theirs = TfidfVectorizer(analyzer=lambda text: [g for g in grams(text) if is_gram(g)],
                             sublinear_tf=True, min_df=1, max_df=1.0)
    matrix = theirs.fit_transform(texts)
    terms = theirs.get_feature_names_out()
    kept = [t for t in terms if t in ours.idf]
    assert kept, "the vocabularies overlap"
    assert any(" " in t for t in kept), "word pairs are features"
    for row, text in enumerate(texts[:10]):
        vec = ours.vector(text)
        expected = {terms[j]: matrix[row, j] for j in matrix[row].indices}
        # max_df drops terms in more than half the papers: compare on what both keep.
        norm = sum(v * v for t, v in expected.items() if t in ours.idf) ** 0.5
        for term, value in expected.items():
            if term in ours.idf:
                assert vec[term] == pytest.approx(value / norm, rel=1e-6)


def test_the_library_mean_is_the_mean_of_the_paper_vectors() -> None:
    """The fit sums each paper's vector as it makes it (no dictionary a paper): the mean
    it keeps is exactly the mean of what `vector` gives, to the last bit, so `related`
    and for-you rank as they did when the mean was summed from `vector`."""
    from papercli.ranking import Vocabulary, document

    texts = [document(i["paper"]["title"], i["paper"]["summary"], ())
             for items in ITEMS.values() for i in items]
    texts += ["", "the of and", "loop " * 300 + "flow matching"]  # no terms; a count > 255
    ours = Vocabulary.fit(texts)
    total: dict[str, float] = {}
    for text in texts:
        for term, x in ours.vector(text).items():
            total[term] = total.get(term, 0.0) + x
    assert ours.mean == {t: v / len(texts) for t, v in total.items()}
    assert list(ours.mean) == list(total)  # and in the same order
    assert ours.vector("the of and") == {}
    assert "loop" in ours.mean and "loop loop" in ours.mean


def test_scores_are_the_plain_formulas_to_the_last_bit() -> None:
    """Scoring sums by C loops (`Vocabulary._weights`, `Taste.raw_text`, `_dot`): they
    must give the numbers the plain formulas give, summed in the same order, so that a
    faster scoring never reorders a list nor changes a score in JSON (a count over 255
    is worked out rather than read from the table)."""
    import math
    from collections import Counter

    from papercli.ranking import Taste, Vocabulary, _dot, document, grams

    texts = [document(i["paper"]["title"], i["paper"]["summary"], ())
             for items in ITEMS.values() for i in items]
    texts += ["", "the of and", "loop " * 300 + "flow matching"]
    vocab = Vocabulary.fit(texts)
    weights = {t: (-1.0) ** n * (n + 1) / 7 for n, t in enumerate(vocab.idf) if n % 3}
    taste = Taste(vocab, weights, -0.25, [])
    for text in texts:
        counts = Counter(g for g in grams(text) if g in vocab.idf)
        values = [(1.0 + math.log(c)) * vocab.idf[t] for t, c in counts.items()]
        norm = math.hypot(*values)
        vec = {t: v * (1.0 / norm) for t, v in zip(counts, values, strict=True)} if norm else {}
        assert list(vocab.vector(text).items()) == list(vec.items())
        dot = sum(v * weights.get(t, 0.0) for t, v in zip(counts, values, strict=True))
        assert taste.raw_text(text) == (-0.25 + dot / norm if norm else -0.25)
        a, b = (vec, weights) if len(vec) <= len(weights) else (weights, vec)
        assert _dot(vec, weights) == sum(x * b.get(t, 0.0) for t, x in a.items())
    assert max(Counter(grams(texts[-1])).values()) > 255


def test_a_word_may_start_with_a_digit_but_a_number_is_no_term() -> None:
    from papercli.ranking import tokens

    assert tokens("3D Gaussian Splatting for 4D scenes, 2024 (v2): 100 GPUs") == [
        "3d", "gaussian", "splatting", "4d", "scenes", "v2", "gpus"]


def test_a_digit_led_word_carries_a_taste(papers, tmp_path: Path) -> None:
    """"3D" names a whole topic: papers alike but for "3D" against "2D" are told apart
    (when only words starting with a letter were terms, both were the same paper)."""
    words = " ".join(FILLER)  # every paper says the same but for its dimension
    items = []
    for n in range(24):
        dim = "3D" if n % 2 else "2D"
        day = TODAY - timedelta(days=40 + n if n < 8 else n % 6)
        pid = f"{day:%y%m}.{n + 1:05d}"
        stamp = f"{day.isoformat()}T08:00:00.000Z"
        title = f"{dim} scene understanding at scale"
        paper = {"id": pid, "title": title, "summary": f"{dim} {words}.",
                 "authors": [{"name": f"Author {n}"}], "publishedAt": stamp,
                 "upvotes": 100 - n - (50 if dim == "3D" else 0)}  # ties: 2D first
        items.append({"paper": paper, "publishedAt": stamp, "title": title})
    src = tmp_path / "dims.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    star(papers, *[i["paper"]["id"] for i in items[:8] if i["title"].startswith("3D")])
    result = papers("for-you", "--json", "-n", "0")
    assert result.exit_code == 0, result.stderr
    order = [p["title"][:2] for p in json.loads(result.stdout)]
    assert len(order) == 16
    assert order == ["3D"] * 8 + ["2D"] * 8, order


def test_for_you_falls_back_to_the_latest_listed_week(lib, monkeypatch) -> None:
    monkeypatch.setenv("PAPERS_NOW", f"{(TODAY + timedelta(days=30)).isoformat()}T12:00:00Z")
    star(lib, *ids_of("robot", recent=False)[:4])
    result = lib("for-you", "--json", "-n", "6")
    assert result.exit_code == 0
    assert set(result.ids) == set(ids_of("robot", recent=True))
    assert f"none after {TODAY}: ranking the 7 days to it" in result.stderr


def test_a_window_the_library_never_fetched_names_the_sync_that_fills_it(lib) -> None:
    """--since/--until over days the library has no listing of: "No papers." alone read
    as if nothing came out then; a warning says the days are not fetched and which sync
    fetches them, in one line of 80 columns (it was 143). A window emptied by a filter
    says nothing of the kind."""
    star(lib, *ids_of("robot", recent=False)[:4])
    start, end = TODAY - timedelta(days=30), TODAY - timedelta(days=20)
    missing = lib("for-you", "--since", start.isoformat(), "--until", end.isoformat())
    assert missing.exit_code == 0, missing.stderr
    assert missing.stdout == ""
    warning = next(line for line in missing.stderr.splitlines() if "papers sync" in line)
    assert warning == (f"papers: warning: days missing: papers sync --since {start} "
                       f"--until {end}"), missing.stderr
    assert len(warning) <= 80
    filtered = lib("for-you", "-k", "nosuchwordanywhere")
    assert filtered.exit_code == 0 and filtered.stdout == ""
    assert "papers sync" not in filtered.stderr


def test_a_window_emptied_by_filters_or_marks_says_which(lib, home: Home) -> None:
    """Days the library has papers of, every one left out: "No papers." alone read as if
    nothing came out then. The filters (or the watch) are named, or the marks that left
    every paper out, with how to look further back."""
    star(lib, *ids_of("robot", recent=False)[:4])
    filtered = lib("for-you", "-k", "nosuchwordanywhere")
    assert filtered.exit_code == 0 and filtered.stdout == ""
    start = TODAY - timedelta(days=6)
    assert filtered.stderr == ("papers: none of the 24 papers contains the word "
                               "nosuchwordanywhere\n")  # (the days: past 80 columns)
    assert (f"none of the 24 papers of {start} to {TODAY} contains the word zz\n"
            in lib("for-you", "-k", "zz").stderr)
    lib("watch", "add", "money", "-k", "market")
    watched = lib("for-you", "--watch", "money", "-k", "protein")
    assert watched.exit_code == 0 and watched.stdout == ""
    assert ("none of the 24 papers contains the word protein and matches watch money\n"
            in watched.stderr)
    # Today's four papers (one per topic), each starred, read, tagged or hidden.
    today = [ids_of(t, recent=True)[0] for t in TOPICS]
    star(lib, today[0])
    assert lib("read", "--offline", today[1]).exit_code == 0
    assert lib("tag", "--offline", today[2], "later").exit_code == 0
    assert lib("hide", "--offline", today[3]).exit_code == 0
    marked = lib("for-you", "--since", TODAY.isoformat())
    assert marked.exit_code == 0 and marked.stdout == ""
    assert one_line(marked.stderr) == (
        "papers: you starred, read, tagged or hid all 4 papers; try an earlier --since")
    assert lib("for-you", "--since", TODAY.isoformat(), "--hidden", "-q").stdout == (
        today[3] + "\n")


def test_show_says_why_once_there_is_a_taste(lib) -> None:
    pid = ids_of("robot", recent=True)[0]
    before = lib("show", pid, "--offline")
    assert before.exit_code == 0, before.stderr
    assert "For you" not in before.stdout  # no model yet: no reason invented
    star(lib, *ids_of("robot", recent=False)[:4])
    after = lib("show", pid, "--offline")
    assert after.exit_code == 0, after.stderr
    reason = next(line for line in after.stdout.splitlines() if "For you" in line)
    assert any(w in reason.lower() for w in ("robot", "closest", "terms")), reason
    # The label says "For you" once; the terms follow it (not "For you for: ...").
    assert "For you: " in reason and "for: " not in reason.replace("For you: ", ""), reason
    # A blank line parts it from the abstract, as the TL;DR and keywords are parted.
    summary = json.loads(lib("show", pid, "--offline", "--json").stdout)["summary"]
    lines = [line.strip("│ ") for line in after.stdout.splitlines()]
    start = next(n for n, line in enumerate(lines) if line and summary.startswith(line))
    assert lines.index(reason.strip("│ ")) < start - 1 and lines[start - 1] == ""


def test_a_hidden_paper_is_never_new(lib) -> None:
    first = lib("new", "--all", "--peek", "--offline", "--json", "-n", "0")
    assert first.exit_code == 0, first.stderr
    listed = first.ids
    assert listed
    assert lib("hide", listed[0]).exit_code == 0
    again = lib("new", "--all", "--peek", "--offline", "--json", "-n", "0")
    assert again.exit_code == 0, again.stderr
    assert again.ids == listed[1:]


def test_explained_terms_each_say_something_new() -> None:
    """`--explain` gives terms a reader tells apart: a plural of a term shown, or a word
    already inside a better term, gives way to the next term; an "against" term never
    repeats a "for" one. (Seen on the real archive: "for: agent, harness, harnesses",
    "for: agent · against: agents".)"""
    from papercli import ranking

    ranked = ["agent", "harness", "harnesses", "agents", "policies", "policy", "target"]
    assert ranking.distinct(ranked, 3) == ("agent", "harness", "policies")
    assert ranking.distinct(["reasoning performance", "reasoning", "rl"], 2) == (
        "reasoning performance", "rl")
    assert ranking.distinct(["agents", "context", "test"], 2, ("agent", "harness")) == (
        "context", "test")
    assert ranking.distinct(["class", "glasses", "boxes"], 3) == ("class", "glasses", "boxes")
    # The real archive's "For you: world, world model, video world": the pair holds the
    # word, so it takes the word's place, and the next term fills the third place.
    assert ranking.distinct(["world", "world model", "video world", "causal"], 3) == (
        "world model", "video world", "causal")
    assert ranking.distinct(["world", "video", "video world", "causal"], 3) == (
        "video world", "causal")
    # An abbreviation and its words say one thing ("for: rl, reinforcement learning").
    assert ranking.distinct(["reinforcement learning", "rl", "policy"], 2) == (
        "reinforcement learning", "policy")
    assert ranking.distinct(["rl", "grpo", "reinforcement learning", "reward"], 3) == (
        "reinforcement learning", "grpo", "reward")


def test_a_long_closest_title_is_cut_with_an_ellipsis() -> None:
    """The closest paper's title is cut within 60 characters where a reader sees the cut
    (it read "… for Few-Step Action-Con (0.11)"), and between words (then "… Few-Step
    Action-Co… (0.11)", a cut word read as a typo)."""
    from papercli import ranking

    title = "ForgeXY: Incremental Causal Training for Few-Step Action-Conditioned Video Models"
    line = ranking.Why(("world",), "2608.99022", title, "starred", 0.11).line()
    assert "Training for Few-Step… (0.11)" in line and "Action" not in line
    short = ranking.Why(("world",), "2608.99022", "Short", "starred", 0.11).line()
    assert short.endswith("2608.99022 Short (0.11)")


def test_fitting_the_vocabulary_says_so_on_the_status_line(lib) -> None:
    """The first for-you, related or show fits the vocabulary (seconds over the real
    archive, more on a busy machine) with nothing on the status line, as the topics'
    fit has; a fitted one is read back without a word."""
    from papercli import ranking
    from papercli.session import Session

    said: list[str | None] = []
    session = Session.create(offline=True, progress=said.append)
    try:
        store = session.store()
        assert ranking.Vocabulary.load(store) is not None
        assert said[-2:] == ["learning the library's vocabulary…", None]
        said.clear()
        assert ranking.Vocabulary.load(store) is not None
        assert said == []
    finally:
        session.close()


def test_explained_terms_read_as_the_paper_writes_them(lib, tmp_path: Path) -> None:
    """The model splits words at punctuation and lowers them: `--explain` said "for: swe
    bench, co, black box" of a paper on "SWE-bench", "co-evolution" and "black-box"
    (seen on the real archive, beside a closest starred paper titled "SWE-bench ..."). The
    reasons read as the paper writes them, in the table, JSON, and `show`'s line alike."""
    made = []
    for n in range(7):
        day = TODAY - timedelta(days=n if n < 3 else 40 + n)
        pid = f"{day:%y%m}.{90 + n:05d}"
        title = f"Black-Box Co-Evolution of Coding Agents on SWE-bench, part {n}"
        summary = ("We study co-evolution of coding agents. Black-box agents solve SWE-bench "
                   "tasks; co-evolution helps black-box agents on SWE-bench. "
                   + " ".join(FILLER[n:n + 6]) + ".")
        stamp = f"{day.isoformat()}T08:00:00.000Z"
        made.append({"paper": {"id": pid, "title": title, "summary": summary,
                               "authors": [{"name": "A. Author"}], "publishedAt": stamp,
                               "upvotes": 5}, "publishedAt": stamp, "title": title})
    src = tmp_path / "agents.json"
    src.write_text(json.dumps(made), encoding="utf-8")
    assert lib("import", str(src)).exit_code == 0
    star(lib, *[m["paper"]["id"] for m in made[3:]])
    fresh = [m["paper"]["id"] for m in made[:3]]
    data = json.loads(lib("for-you", "--json", "-n", "3", "--explain").stdout)
    assert [p["id"] for p in data] and {p["id"] for p in data} <= set(fresh)
    said = [t for p in data for t in p["why"]["terms"]]
    assert said and not {"swe bench", "swe", "co", "co evolution", "black box"} & set(said)
    assert {"SWE-bench", "co-evolution", "black-box"} & set(said), said
    table = lib("for-you", "-n", "1", "--explain").stdout
    reason = next(line for line in table.splitlines() if line.startswith("1. "))
    assert "swe bench" not in reason and "co evolution" not in reason, reason
    shown = lib("show", "--offline", fresh[0]).stdout
    assert "swe bench" not in shown and "co evolution" not in shown
    related = json.loads(lib("related", fresh[0], "--offline", "--json", "-n", "2",
                             "--explain").stdout)
    terms = [t for p in related for t in p["why"]["terms"]]
    assert terms and not {"swe bench", "co", "co evolution", "black box"} & set(terms), terms


def test_show_json_carries_the_for_you_reasons(lib) -> None:
    """`show`'s panel says "For you: …" once there is a taste, but `show --json` (and
    JSON Lines) said nothing of it: the reasons are there as "why", the shape `for-you
    --explain --json` gives, and absent without a taste as the panel's line is."""
    pid = ids_of("robot", recent=True)[0]
    assert "why" not in json.loads(lib("show", pid, "--offline", "--json").stdout)
    star(lib, *ids_of("robot", recent=False)[:4])
    shown = json.loads(lib("show", pid, "--offline", "--json").stdout)
    ranked = json.loads(lib("for-you", "--json", "-n", "0", "--explain").stdout)
    assert shown["why"] == next(p["why"] for p in ranked if p["id"] == pid)
    assert shown["why"]["terms"] and shown["why"]["closest"]["kind"] == "starred"
    line = json.loads(lib("show", pid, "--offline", "-f", "jsonl").stdout.splitlines()[0])
    assert line["why"] == shown["why"]
    several = json.loads(lib("show", pid, ids_of("speech", recent=True)[0], "--offline",
                             "--json").stdout)
    assert all(p["why"]["terms"] for p in several)


def test_terms_as_written_join_a_prefix_to_its_word() -> None:
    """A prefix the model split off ("multi" of "multi-turn") reads as the hyphened word,
    the one joined to another term shown where there are several ("multi-turn" beside
    "turn", not the "multi-step" written first), and that term, inside it, goes."""
    from papercli import ranking
    from papercli.models import Paper

    paper = Paper("2406.00042", "Co-Training of Invented Agents",
                  "We study multi-step plans and multi-turn talks of multi-agent teams. "
                  "The model. Reward comes late.")
    assert ranking.as_written(["turn", "multi"], paper) == ("multi-turn",)
    assert ranking.as_written(["multi", "agents"], paper) == ("multi-agent", "agents")
    assert ranking.as_written(["multi"], paper) == ("multi-step",)
    assert ranking.as_written(["co", "training"], paper) == ("co-training",)
    # A pair across a full stop is not written as words that read as one: kept as is.
    assert ranking.as_written(["model reward"], paper) == ("model reward",)
    assert ranking.as_written(["turn"], paper, ("turn",)) == ()
    # A text whose lowering changes its length ("İ" is two characters lowered) is not
    # read for its forms; the next one is.
    dotted = Paper("2406.00043", "Multi-Turn Talks", "İzmir multi-step talks.")
    assert ranking.as_written(["multi"], dotted) == ("multi-turn",)


def test_ranking_a_long_window_says_so_on_the_status_line(lib) -> None:
    """`for-you --since 2023-05-01` over the real archive took seconds on a blank terminal:
    ranking says what it does on the status line (drawn on a terminal only, and only if it
    lasts), and takes it down."""
    from papercli import ranking
    from papercli.session import Session

    star(lib, *ids_of("robot", recent=False)[:4])
    said: list[str | None] = []
    session = Session.create(offline=True, progress=said.append)
    try:
        store = session.store()
        with session.userdb() as udb:
            taste = ranking.Taste.load(store, udb)
        said.clear()
        since = TODAY - timedelta(days=60)
        found = ranking.for_you(store, taste, since, TODAY, limit=3)
        assert found.scored
        assert said == [f"ranking the papers of {since} – {TODAY}…", None]
    finally:
        session.close()
