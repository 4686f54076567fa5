"""Steering for-you through the CLI: one taste per watch, --like, related with several
papers, hide that lowers similar papers at once (and says so), the reasons' width and
cleanliness, the vocabulary cache's validation, and a star that counts at once.

The library is test_ranking's four topics (own vocabularies over shared filler), so which
papers a taste must put first is known."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import TODAY, Home, Papers, one_line
from test_ranking import ITEMS, TOPICS, ids_of, import_topics, ranking_dir, star


@pytest.fixture
def lib(papers, tmp_path: Path):  # type: ignore[no-untyped-def]
    return import_topics(papers, tmp_path)


def scores(result) -> dict[str, float]:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.stderr
    return {p["id"]: p["score"] for p in json.loads(result.stdout)}


def test_watch_gives_each_interest_its_own_list(lib) -> None:
    # Two interests, starred alike: the blended list mixes them, each watch keeps one.
    star(lib, *ids_of("robot", recent=False)[:4], *ids_of("speech", recent=False)[:4])
    assert lib("watch", "add", "robots", "-k", "robot").exit_code == 0
    assert lib("watch", "add", "voice", "-k", "speech").exit_code == 0
    blended = lib("for-you", "--json", "-n", "6")
    assert blended.exit_code == 0, blended.stderr
    assert {t for pid in blended.ids for t in TOPICS if pid in ids_of(t)} == {"robot", "speech"}
    robots = lib("for-you", "--watch", "robots", "--json", "-n", "6")
    voice = lib("for-you", "--watch", "voice", "--json", "-n", "6")
    assert robots.exit_code == 0 and voice.exit_code == 0, robots.stderr + voice.stderr
    assert set(robots.ids) == set(ids_of("robot", recent=True))
    assert set(voice.ids) == set(ids_of("speech", recent=True))
    table = lib("for-you", "--watch", "robots", "-n", "3")
    assert "· watch robots" in table.stdout


def test_an_unknown_watch_is_a_usage_error_naming_the_watches(lib) -> None:
    assert lib("watch", "add", "robots", "-k", "robot").exit_code == 0
    result = lib("for-you", "--watch", "nope")
    assert result.exit_code == 2
    assert "no watch named 'nope'" in result.stderr and "robots" in result.stderr
    assert "Traceback" not in result.stderr


def test_like_ranks_by_the_papers_given_without_starring_them(lib) -> None:
    liked = ids_of("protein", recent=False)[:2]
    result = lib("for-you", "--like", liked[0], "--like", liked[1], "--json", "-n", "6")
    assert result.exit_code == 0, result.stderr
    assert set(result.ids) == set(ids_of("protein", recent=True))
    assert "relevance needs" not in result.stderr  # two papers are enough to like
    assert json.loads(lib("starred", "--json").stdout) == []  # nothing was starred
    # Several ids in one option, and the same with stars for another topic in place.
    star(lib, *ids_of("robot", recent=False)[:4])
    again = lib("for-you", "--like", ",".join(liked), "--json", "-n", "6")
    assert set(again.ids) == set(ids_of("protein", recent=True))
    missing = lib("for-you", "--like", "2101.00001")
    assert missing.exit_code == 1 and "not in the library: 2101.00001" in missing.stderr


def test_like_ranks_by_the_papers_it_has_and_warns_of_the_rest(lib) -> None:
    """`for-you --like A,UNKNOWN` (or `--like A --like UNKNOWN`) failed as a whole while
    `related A UNKNOWN` ranked by A; now for-you does as related does: it ranks by the
    papers the library has, warns once of those it lacks (named, with the command that
    fetches them, in 80 columns) and exits 0."""
    liked = ids_of("protein", recent=False)[0]
    alone = lib("for-you", "--like", liked, "--json", "-n", "6")
    assert alone.exit_code == 0 and alone.stderr == "", alone.stderr
    for args in (["--like", f"{liked},2101.00001"], ["--like", liked, "--like", "2101.00001"],
                 ["--like", f"2101.00001,{liked},2101.00001"]):
        result = lib("for-you", *args, "--json", "-n", "6")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout) == json.loads(alone.stdout)
        assert one_line(result.stderr) == ("papers: warning: 2101.00001 is not in the library "
                                           "— run papers show 2101.00001")
    table = lib("for-you", "--like", f"{liked},2101.00001,2101.00002", "-n", "3")
    assert table.exit_code == 0, table.stderr
    assert f"by relevance to {liked}\n" in table.stdout  # (the unknown ones: not ranked by)
    assert one_line(table.stderr) == ("papers: warning: not in the library: 2101.00001, "
                                      "2101.00002 — run papers show")
    many = lib("for-you", "--like", liked, "--like",
               ",".join(f"2101.{n:05d}" for n in range(1, 13)), "-n", "3")
    assert many.exit_code == 0 and many.stdout, many.stderr
    # (as many named as fit 80 columns with what to do, the rest counted)
    warning = one_line(many.stderr)
    assert warning == ("papers: warning: not in the library: 2101.00001 and 11 more — run "
                       "papers show"), warning


def test_like_of_no_paper_the_library_has_is_an_error_naming_the_command_that_fetches_them(
        lib) -> None:  # type: ignore[no-untyped-def]
    """None of the --like papers had, nothing is ranked: an error, exit 1, as `related`
    with no paper it can have. The fetching command names the ids (before: "papers show
    ID fetches a paper into it", a metavar to fill in), in 80 columns however many."""
    one = lib("for-you", "--like", "2101.00001")
    assert (one.exit_code, one.stdout) == (1, "")
    assert one.stderr == ("papers: error: not in the library: 2101.00001 — papers show "
                          "2101.00001\n")
    two = lib("for-you", "--like", "2101.00001,2101.00002")
    assert (two.exit_code, two.stdout) == (1, "")
    assert two.stderr == ("papers: error: 2 papers not in the library — papers show "
                          "2101.00001 2101.00002\n")
    many = lib("for-you", "--like", ",".join(f"2101.{n:05d}" for n in range(1, 13)))
    assert many.stderr == ("papers: error: 12 papers not in the library — papers show "
                           "ID... fetches them\n")


def test_like_reads_ids_as_related_does_and_each_once(lib) -> None:
    """An id given as an arXiv or Hub URL, `arXiv:` or with its version is the paper, as
    `related` and `show` read it; an id given twice is one paper liked once."""
    liked = ids_of("protein", recent=False)[:2]
    plain = lib("for-you", "--like", ",".join(liked), "--json", "-n", "6")
    assert plain.exit_code == 0, plain.stderr
    for args in (["--like", f"https://arxiv.org/abs/{liked[0]}v2",
                  "--like", f"arXiv:{liked[1]}"],
                 ["--like", f"hf.co/papers/{liked[0]},{liked[1]},{liked[0]}"],
                 ["--like", f"{liked[0]},{liked[0]}", "--like", liked[1]]):
        result = lib("for-you", *args, "--json", "-n", "6")
        assert result.exit_code == 0 and result.stderr == "", result.stderr
        assert json.loads(result.stdout) == json.loads(plain.stdout)
    twice = lib("for-you", "--like", f"{liked[0]},{liked[0]}", "-n", "3")
    assert f"by relevance to {liked[0]}\n" in twice.stdout  # (not "{liked[0]}, {liked[0]}")


def test_like_explain_names_the_liked_paper_by_its_printed_title(papers, tmp_path) -> None:
    """--explain says which paper given to --like each one is closest to, by the title
    the table prints (its LaTeX read: "50%", not "50\\%")."""
    items = json.loads(json.dumps([i for group in ITEMS.values() for i in group]))
    liked = next(i for i in items if i["paper"]["id"] == ids_of("protein", recent=False)[0])
    title = "\\textbf{Protein} folding enzyme residue at 50\\% cost"
    liked["paper"]["title"] = liked["title"] = title
    src = tmp_path / "items.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    pid = liked["paper"]["id"]
    result = papers("for-you", "--like", pid, "--explain", "-n", "3")
    assert result.exit_code == 0, result.stderr
    reasons = [ln for ln in result.stdout.splitlines() if "closest liked:" in ln]
    assert len(reasons) == 3, result.stdout
    assert all(f"closest liked: {pid} Protein folding enzyme residue at 50% cost" in ln
               for ln in reasons), reasons


@pytest.mark.parametrize("value", ["", " ", ","])
def test_like_with_no_id_in_it_is_a_usage_error(lib, value: str) -> None:
    """`--like "$ID"` with ID empty ranked by your stars instead, without a word."""
    star(lib, *ids_of("robot", recent=False)[:4])
    liked = ids_of("protein", recent=False)[0]
    for args in (["--like", value], ["--like", liked, "--like", value]):
        result = lib("for-you", *args, "--json")
        assert result.exit_code == 2 and result.stdout == "", result.stdout
        assert one_line(result.stderr).startswith(f"papers: error: {value!r} is not a paper id")


@pytest.mark.parametrize("other", [["--tag", "mine"], ["--watch", "robots"]])
def test_like_with_a_tag_or_a_watch_is_a_usage_error_naming_both(lib, other) -> None:
    """--like, --tag and --watch each choose the papers for-you learns from: --like
    silently won (a --tag ignored, a --watch's words half mixed in under a caption naming
    the liked papers alone). Now the combination is refused, naming both options."""
    assert lib("tag", *ids_of("robot", recent=False)[:3], "mine").exit_code == 0
    assert lib("watch", "add", "robots", "-k", "robot").exit_code == 0
    liked = ids_of("protein", recent=False)[0]
    for args in (["--like", liked, *other], [*other, "--like", liked, "--json"]):
        result = lib("for-you", *args)
        assert result.exit_code == 2, result.stdout + result.stderr
        assert result.stdout == ""
        line = one_line(result.stderr)
        assert line.startswith("papers: error: ") and "--like" in line and other[0] in line
    # Each alone still ranks.
    assert lib("for-you", "--like", liked, "-n", "3").exit_code == 0
    assert lib("for-you", *other, "-n", "3").exit_code == 0

def test_like_ranks_by_a_paper_you_hid(lib) -> None:
    """--like is the papers given, whatever else you said of them: a hidden paper liked
    ranks its topic first (it fell back to upvotes, saying relevance needed "at least 1
    starred or read papers"), and is not held against itself."""
    liked = ids_of("protein", recent=False)[0]
    assert lib("hide", liked).exit_code == 0
    result = lib("for-you", "--like", liked, "--json", "-n", "6")
    assert result.exit_code == 0, result.stderr
    assert "relevance needs" not in result.stderr
    assert set(result.ids) == set(ids_of("protein", recent=True))
    assert all(p["score"] is not None for p in json.loads(result.stdout))


def test_related_with_several_papers_finds_both_topics(lib) -> None:
    one, other = ids_of("speech", recent=False)[0], ids_of("finance", recent=False)[0]
    result = lib("related", one, other, "--json", "-n", "10", "--offline")
    assert result.exit_code == 0, result.stderr
    found = result.ids
    assert one not in found and other not in found
    topics = [t for pid in found for t in TOPICS if pid in ids_of(t)]
    assert set(topics) == {"speech", "finance"}, topics
    alone = lib("related", one, "--json", "-n", "10", "--offline")
    assert all(pid in ids_of("speech") for pid in alone.ids[:5])
    assert "Related to " in lib("related", one, other, "-n", "2", "--offline").stdout


def test_related_with_more_papers_than_it_uses_says_so(lib, monkeypatch) -> None:
    """`related -` with 1,000 piped ids looked every one up (a fetch each when not in the
    library) for a mean that ranks little: it ranks by the first ones only, and says so."""
    from papercli import ranking

    monkeypatch.setattr(ranking, "RELATED_SEEDS", 2)
    one, other = ids_of("speech", recent=False)[0], ids_of("finance", recent=False)[0]
    robot = ids_of("robot", recent=False)[0]
    both = lib("related", one, other, "--json", "-n", "0", "--offline")
    assert both.exit_code == 0 and both.stderr == "", both.stderr
    again = lib("related", one, other, one, "--json", "-n", "0", "--offline")  # twice: once
    assert again.stderr == "" and again.stdout == both.stdout
    piped = lib("related", "-", "--json", "-n", "0", "--offline",
                input=f"{one}\n{other}\n{robot}\n2611.99999\n")
    assert piped.exit_code == 0, piped.stderr
    assert one_line(piped.stderr) == ("papers: ranking by the first 2 of 4 given: put those "
                                      "that matter first")  # (in full: 118 columns)
    assert piped.stdout == both.stdout  # the others play no part (not even looked up)


def test_hide_lowers_similar_papers_at_once_and_explain_says_so(lib) -> None:
    star(lib, *ids_of("robot", recent=False)[:4])
    robot_new = ids_of("robot", recent=True)
    before = scores(lib("for-you", "--json", "-n", "0"))
    hidden, kept = robot_new[0], robot_new[1]
    assert lib("hide", hidden).exit_code == 0
    after = lib("for-you", "--json", "-n", "0", "--explain")
    now = scores(after)
    assert hidden not in now
    assert now[kept] < before[kept], "a paper like the hidden one ranks lower at once"
    why = {p["id"]: p["why"] for p in json.loads(after.stdout)}
    assert why[kept]["hidden_like"] >= 1
    assert all(why[pid]["hidden_like"] == 0 for pid in ids_of("finance", recent=True))
    table = lib("for-you", "--explain", "-n", "0")
    line = next(x for x in table.stdout.splitlines() if f" {kept}: " in x)
    assert "lower: like 1 hidden paper" in line
    # Unhidden: the paper is back where it was.
    assert lib("unhide", hidden).exit_code == 0
    assert scores(lib("for-you", "--json", "-n", "0"))[kept] == pytest.approx(before[kept])


def test_a_hidden_paper_is_not_counted_as_like_itself(lib) -> None:
    """`for-you --hidden --explain` and `show` of a hidden paper count the other hidden
    papers it is like: it said "lower: like 1 hidden paper" of itself, a paper no list
    could point to."""
    star(lib, *ids_of("robot", recent=False)[:4])
    robot_new = ids_of("robot", recent=True)
    hidden = robot_new[0]
    assert lib("hide", hidden).exit_code == 0
    shown = lib("for-you", "--hidden", "--json", "-n", "0", "--explain")
    assert shown.exit_code == 0, shown.stderr
    why = {p["id"]: p["why"] for p in json.loads(shown.stdout)}
    assert why[hidden]["hidden_like"] == 0
    assert why[robot_new[1]]["hidden_like"] == 1  # its neighbour still counts it
    panel = lib("show", hidden, "--offline")
    assert panel.exit_code == 0, panel.stderr
    assert "For you" in panel.stdout and "hidden paper" not in panel.stdout
    # A second hidden paper like it is counted, the paper itself still is not.
    assert lib("hide", robot_new[1]).exit_code == 0
    again = lib("for-you", "--hidden", "--json", "-n", "0", "--explain")
    why = {p["id"]: p["why"] for p in json.loads(again.stdout)}
    assert why[hidden]["hidden_like"] == 1 and why[robot_new[1]]["hidden_like"] == 1


def test_the_too_few_notice_counts_the_starred_papers_you_hid(lib) -> None:
    """Starred papers you hid are not positives: the notice says they do not count
    (with the only star hidden it said "you have none yet")."""
    starred = ids_of("robot", recent=False)[:3]
    star(lib, *starred)
    assert lib("hide", starred[0]).exit_code == 0
    result = lib("for-you", "-n", "3")
    assert result.exit_code == 0, result.stderr
    # (the noun once: twice made the line 90 columns)
    assert "papers: you have 2 starred or read papers; 1 you hid does not count\n" in \
        result.stderr
    assert all(len(line) <= 80 for line in result.stderr.splitlines()), result.stderr
    assert lib("hide", *starred[1:]).exit_code == 0
    alone = lib("for-you", "-n", "3")
    assert "none yet" not in alone.stderr
    # (piped, each line as many of its clauses as fit 80 columns)
    assert ("papers: relevance needs 3 starred or read papers; you have none\n"
            "papers: 3 starred or read papers you hid do not count\n") in alone.stderr
    assert lib("unhide", *starred).exit_code == 0
    assert "relevance needs" not in lib("for-you", "-n", "3").stderr


def test_hides_lower_papers_like_them_never_the_stars_own_topic(lib) -> None:
    """Hiding one paper of the starred topic lowers papers like it, not the topic: at
    full weight one hide outweighed four stars and turned their topic's words against
    them (seen on the real archive: one hidden world-model paper against four starred
    ones, and the list became papers with nothing in common)."""
    star(lib, *ids_of("robot", recent=False)[:4])
    robot = set(ids_of("robot", recent=True))
    assert lib("hide", ids_of("robot", recent=False)[4]).exit_code == 0
    ranked = lib("for-you", "--json", "-n", "0").ids
    assert set(ranked[:len(robot)]) == robot, ranked
    # Two hides of the topic against four stars lower it, and never turn it against
    # the stars: what the hidden papers share with the stars is at most halved.
    assert lib("hide", ids_of("robot", recent=False)[5]).exit_code == 0
    ranked = lib("for-you", "--json", "-n", "0").ids
    assert set(ranked[:len(robot)]) == robot, ranked


def test_explain_gives_terms_for_and_against(lib) -> None:
    star(lib, *ids_of("speech", recent=False)[:4])
    result = lib("for-you", "--json", "-n", "3", "--explain")
    for paper in json.loads(result.stdout):
        why = paper["why"]
        assert any(t in TOPICS["speech"].split() for t in why["terms"])
        assert isinstance(why["against"], list)
    last = json.loads(lib("for-you", "--json", "-n", "0", "--explain").stdout)[-1]
    assert last["why"]["against"], "the least likely paper has terms against it"


def test_a_star_counts_at_the_next_for_you(lib) -> None:
    star(lib, *ids_of("robot", recent=False)[:4])
    before = scores(lib("for-you", "--json", "-n", "0"))
    star(lib, *ids_of("finance", recent=False)[:4])
    after = scores(lib("for-you", "--json", "-n", "0"))
    for pid in ids_of("finance", recent=True):
        assert after[pid] > before[pid]
    assert set(lib("for-you", "--json", "-n", "12").ids) == {
        *ids_of("robot", recent=True), *ids_of("finance", recent=True)}


BAD_MEAN = ["NaN", "-0.5", "2.0", '"x"', "1"]


@pytest.mark.parametrize("token", BAD_MEAN)
def test_a_damaged_vocabulary_cache_is_rebuilt(lib, home: Home, token: str) -> None:
    star(lib, *ids_of("protein", recent=False)[:4])
    good = lib("for-you", "--json")
    path = ranking_dir(home) / "vocabulary.json"
    data = json.loads(path.read_text())
    term = next(iter(data["mean"]))
    path.write_text(json.dumps(data).replace(json.dumps(data["mean"][term]), token, 1))
    again = lib("for-you", "--json")
    assert again.exit_code == 0 and again.stdout == good.stdout, again.stderr
    rebuilt = json.loads(path.read_text())
    assert all(type(v) is float and 0 <= v <= 1 for v in rebuilt["mean"].values())


def test_a_mean_term_outside_the_vocabulary_and_a_stale_state_are_rebuilt(
        lib, home: Home, tmp_path: Path) -> None:
    star(lib, *ids_of("protein", recent=False)[:4])
    lib("for-you", "--json")
    path = ranking_dir(home) / "vocabulary.json"
    data = json.loads(path.read_text())
    data["mean"]["zzz unknown"] = 0.5
    path.write_text(json.dumps(data))
    assert lib("for-you", "--json").exit_code == 0
    assert "zzz unknown" not in json.loads(path.read_text())["mean"]
    state = json.loads(path.read_text())["state"]
    # The library grows: a small library's vocabulary is fitted again.
    extra = dict(ITEMS["speech"][0])
    extra["paper"] = {**extra["paper"], "id": f"{TODAY:%y%m}.09999"}
    (tmp_path / "more.json").write_text(json.dumps([extra]))
    assert lib("import", str(tmp_path / "more.json")).exit_code == 0
    assert lib("for-you", "--json").exit_code == 0
    assert json.loads(path.read_text())["state"] > state


HOSTILE = "Robot \x1b[31mgrasping\x1b[0m \u202egripper\u202c manipulation \x07 locomotion"


def test_reasons_fit_a_narrow_terminal_and_carry_no_control_characters(
        lib, home: Home, tmp_path: Path) -> None:
    """On a real terminal (a pty) 44 columns wide, each reason line fits, and hostile
    titles among the starred papers never bring a control character to the screen."""
    from test_terminal import on_pty

    bad = []
    for n, item in enumerate(ITEMS["robot"][6:10]):
        paper = {**item["paper"], "id": f"2501.0900{n}", "title": HOSTILE,
                 "summary": item["paper"]["summary"] + " \x1b]8;;http://x\x07link\x1b]8;;\x07"}
        bad.append({**item, "paper": paper, "title": HOSTILE})
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    assert lib("import", str(tmp_path / "bad.json")).exit_code == 0
    star(lib, *[b["paper"]["id"] for b in bad])
    code, shown, err = on_pty("for-you", "--explain", "-n", "4", "--no-pager", cols=44,
                              env={"NO_COLOR": "1", "TERM": "xterm"})
    assert code == 0, err
    text = shown.replace("\r\n", "\n")
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)
    reasons = [line for line in text.splitlines() if re.match(r"\s*\d+\. \d{4}\.\d{5}: ", line)]
    assert len(reasons) == 4, text
    assert all(len(line) <= 44 for line in text.splitlines()), text
    assert all("for: " in line for line in reasons)


async def test_browse_related_ranks_by_as_many_papers_as_the_command(lib, monkeypatch) -> None:
    """`papers browse related ID...` looked up and ranked by every id given, with no word,
    while `papers related` took the first ones only; now both rank by the same first ones,
    and the browser says so too."""
    from papercli import ranking
    from papercli.tui.source import View
    from test_browse import listed, make_app, settle

    monkeypatch.setattr(ranking, "RELATED_SEEDS", 2)
    one, other = ids_of("speech", recent=False)[0], ids_of("finance", recent=False)[0]
    given = [one, other, ids_of("robot", recent=False)[0], "2611.99999"]  # last: unknown
    first = lib("related", one, other, "--json", "-n", "50", "--offline")
    assert first.exit_code == 0 and first.stderr == "", first.stderr
    app = make_app(View("related", " ".join(given)), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert listed(app) == first.ids  # the robot paper (and the unknown one) play no part
        notes = [n.message for n in app._notifications]
    assert any(n.startswith("ranking by the first 2 of 4 given") for n in notes), notes


LONG_TITLE = "Robot grasping with gripper actuator feedback for embodied manipulation"


def star_long_titled(lib: Papers, tmp_path: Path, title: str = LONG_TITLE) -> str:
    """Four robot papers titled `title` and a number (2501.09100…), imported and
    starred, so the closest starred paper of a robot paper has a long title: the title."""
    mine = []
    for n, item in enumerate(ITEMS["robot"][6:10]):
        paper = {**item["paper"], "id": f"2501.0910{n}", "title": f"{title} {n}"}
        mine.append({**item, "paper": paper, "title": paper["title"]})
    (tmp_path / "long.json").write_text(json.dumps(mine))
    assert lib("import", str(tmp_path / "long.json")).exit_code == 0
    star(lib, *[m["paper"]["id"] for m in mine])
    return title


def test_a_wide_terminal_shows_the_closest_papers_whole_title(lib, tmp_path: Path) -> None:
    """At 200 columns the closest starred paper's title was cut at 60 characters, as in a
    pipe, with dozens of columns to spare; now it is whole where it fits, and cut where
    it does not (80 columns) or where no width is known (a pipe)."""
    from test_terminal import on_pty

    long_title = star_long_titled(lib, tmp_path)
    env = {"NO_COLOR": "1", "TERM": "xterm"}
    code, shown, err = on_pty("for-you", "--explain", "-n", "3", "--no-pager", cols=200,
                              env=env)
    assert code == 0, err
    reasons = [line for line in shown.splitlines() if re.match(r"\d+\. \d{4}\.\d{5}: ", line)]
    assert len(reasons) == 3 and all(long_title in line for line in reasons), shown
    assert all(len(line) <= 200 for line in shown.splitlines())
    code, shown, err = on_pty("for-you", "--explain", "-n", "3", "--no-pager", cols=80,
                              env=env)
    assert code == 0 and all(len(line) <= 80 for line in shown.splitlines()), shown
    piped = lib("for-you", "--explain", "-n", "3").stdout
    assert long_title not in piped and "closest starred" in piped and "…" in piped
