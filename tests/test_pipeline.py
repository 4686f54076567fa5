"""The one listing pipeline (issue 12): gather -> filter -> sort -> limit -> emit.

Every command line here goes through `main()` as a shell would run it (argv in; exit
code, stdout and stderr out): sorting happens before the limit on listings and search,
captions say "N of M" when the limit cut, -o FILE's extension picks the format, usage
errors are one line with exit 2, and --sort relevance/stars work on listings and search.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from conftest import TODAY, Home, Shell, ids, run_process
from hubserver import HubServer, item_for_day, seed_items

YESTERDAY = (TODAY - timedelta(days=1)).isoformat()


def spread_items() -> list[dict[str, object]]:
    """The seed papers listed today with upvotes and GitHub stars in no particular order,
    so that the Hub's order, the upvotes order and the stars order all differ."""
    items = []
    for n, item in enumerate(seed_items()[:12]):
        listed = item_for_day(item, TODAY, upvotes=(n * 7) % 12)
        listed["paper"]["githubStars"] = (n * 5) % 12 if n % 4 else None  # type: ignore[index]
        items.append(listed)
    return items


@pytest.fixture
def listed(hub: HubServer, shell: Shell) -> Shell:
    """Today's listing of the 12 spread papers, fetched once into the library."""
    hub.set_day(TODAY, spread_items())
    code, _, err = shell("today", "--json")
    assert code == 0, err
    return shell


def papers_of(stdout: str) -> list[dict[str, object]]:
    data = json.loads(stdout)
    assert isinstance(data, list)
    return data


# -- sort before limit ---------------------------------------------------------------------


@pytest.mark.parametrize("sort, key", [
    ("upvotes", lambda p: -p["upvotes"]),
    ("stars", lambda p: 1 if p["github_stars"] is None else -p["github_stars"]),
])
def test_a_listing_sorts_every_paper_before_the_limit(listed: Shell, sort: str, key) -> None:
    code, out, _ = listed("today", "--offline", "-n", "0", "--json")
    everything = papers_of(out)
    assert len(everything) == 12
    code, out, err = listed("today", "--offline", "--sort", sort, "-n", "3", "--json")
    assert code == 0, err
    assert ids(out) == [p["id"] for p in sorted(everything, key=key)][:3]
    hub_order_top3 = [p["id"] for p in everything[:3]]
    assert ids(out) != hub_order_top3  # the cut came after the sort, not before


def test_search_sorts_every_hit_before_the_limit_and_says_n_of_m(
        library: object, shell: Shell) -> None:
    code, out, err = shell("search", "llama", "--offline", "-n", "0", "--json")
    assert code == 0, err
    hits = papers_of(out)
    assert len(hits) > 3
    code, out, err = shell("search", "llama", "--offline", "--sort", "upvotes", "-n", "3",
                           "--json")
    assert code == 0, err
    best = sorted(hits, key=lambda p: -p["upvotes"])  # stable: ties keep relevance order
    assert ids(out) == [p["id"] for p in best[:3]]
    code, out, _ = shell("search", "llama", "--offline", "--sort", "upvotes", "-n", "3")
    assert f"3 of {len(hits)} papers" in out


def test_search_with_the_hub_counts_every_hit(seeded_hub: HubServer, library: object,
                                              shell: Shell) -> None:
    code, out, err = shell("search", "llava", "-n", "0", "--json")
    assert code == 0, err
    total = len(papers_of(out))
    assert total > 2
    code, out, err = shell("search", "llava", "-n", "2")
    assert code == 0, err
    assert f"2 of {total} papers" in out


# -- captions ------------------------------------------------------------------------------


def test_the_caption_says_n_of_m_only_when_the_limit_cut(listed: Shell) -> None:
    _, out, _ = listed("today", "--offline", "-n", "5")
    assert "5 of 12 papers" in out
    _, out, _ = listed("today", "--offline")
    assert "12 papers" in out and " of 12" not in out
    _, out, _ = listed("today", "--offline", "-n", "1", "--sort", "upvotes")
    assert "1 of 12 papers" in out


def test_the_library_browse_counts_in_sql_and_says_n_of_m(library: object,
                                                          shell: Shell) -> None:
    _, out, _ = shell("search", "-n", "4")
    assert "4 of 19 papers" in out
    code, out, _ = shell("search", "-n", "4", "--sort", "upvotes", "--json")
    assert code == 0
    votes = [p["upvotes"] for p in papers_of(out)]
    assert votes == sorted(votes, reverse=True) and votes[0] == 12


# -- --sort relevance and stars ------------------------------------------------------------


def test_sort_relevance_on_a_listing_scores_before_the_limit(listed: Shell) -> None:
    _, out, _ = listed("today", "--offline", "--json")
    some = ids(out)
    for pid in some[:4]:
        code, _, err = listed("star", pid, "--offline")
        assert code == 0, err
    code, out, err = listed("today", "--offline", "--sort", "relevance", "-n", "0", "--json")
    assert code == 0, err
    ranked = papers_of(out)
    scores = [p["score"] for p in ranked]
    assert all(isinstance(s, float) and 0 < s < 1 for s in scores)
    assert scores == sorted(scores, reverse=True)
    code, out, _ = listed("today", "--offline", "--sort", "relevance", "-n", "3", "--json")
    assert ids(out) == [p["id"] for p in ranked[:3]]
    _, table, _ = listed("today", "--offline", "--sort", "relevance", "-n", "3")
    assert "3 of 12 papers" in table
    assert table.splitlines()[1].split()[:2] == ["#", "Rel"]


def test_sort_relevance_without_a_model_is_upvotes_order_with_null_scores(
        library: object, shell: Shell) -> None:
    code, out, err = shell("search", "llama", "--offline", "--sort", "relevance", "--json")
    assert code == 0, err
    found = papers_of(out)
    assert found and all(p["score"] is None for p in found)
    votes = [p["upvotes"] for p in found]
    assert votes == sorted(votes, reverse=True)


def test_sort_stars_and_relevance_on_the_reading_list(library: object, shell: Shell) -> None:
    for pid in ("2401.01055", "2404.14047", "2501.03895"):
        assert shell("star", pid, "--offline")[0] == 0
    code, out, err = shell("starred", "--sort", "upvotes", "-n", "2", "--json")
    assert code == 0, err
    got = papers_of(out)
    # 12, then of the two with 4 the one starred later: the list's order, newest first
    assert [p["id"] for p in got] == ["2404.14047", "2501.03895"]
    assert all("starred_at" in p for p in got)  # the command's own fields, as data
    code, out, err = shell("starred", "--sort", "relevance", "--json")
    assert code == 0, err
    assert all("score" in p and "starred_at" in p for p in papers_of(out))


# -- format from the -o extension ----------------------------------------------------------


@pytest.mark.parametrize("name, check", [
    ("today.json", lambda t: isinstance(json.loads(t), list)),
    ("today.csv", lambda t: t.lstrip("\ufeff").startswith("id,")),
    ("today.md", lambda t: t.startswith("# ") or t.startswith("---")),
    ("today.bib", lambda t: t.lstrip().startswith("@")),
    ("today.bibtex", lambda t: t.lstrip().startswith("@")),
    ("today.html", lambda t: "<html" in t.lower()),
    ("today.atom", lambda t: "<feed" in t),
    ("today.xml", lambda t: "<feed" in t),
    ("today.rss", lambda t: "<rss" in t),
    ("today.txt", lambda t: all(line[:4].isdigit() for line in t.splitlines())),
])
def test_the_format_follows_the_output_extension(listed: Shell, tmp_path: Path, name: str,
                                                 check) -> None:
    target = tmp_path / name
    code, out, err = listed("today", "--offline", "-o", str(target))
    assert code == 0, err
    assert out == ""
    text = target.read_text(encoding="utf-8")
    assert check(text), text[:300]
    assert "wrote 12 papers" in err


def test_format_beats_the_extension_and_export_follows_it_too(listed: Shell,
                                                              tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    code, _, err = listed("today", "--offline", "--format", "csv", "-o", str(target))
    assert code == 0, err
    assert target.read_text(encoding="utf-8").lstrip("\ufeff").startswith("id,")
    refs = tmp_path / "refs.bib"
    code, _, err = listed("export", "-o", str(refs))  # export's own default is md
    assert code == 0, err
    assert refs.read_text(encoding="utf-8").lstrip().startswith("@")


# -- usage errors --------------------------------------------------------------------------


@pytest.mark.parametrize("argv, words", [
    (["today", "--limit", "-1"], "--limit"),
    (["today", "-n", "x"], "--limit"),
    (["today", "--no-such-option"], "no such option"),
    (["search", "--sort", "bogus"], "--sort"),
    (["today", "--format", "docx"], "--format"),
    (["day", "not-a-date"], "not-a-date"),
    (["day"], "missing argument"),
    (["search", "--since", "2024-13-45"], "--since"),
    (["search", "--json", "--format", "md"], "--json"),
    (["watch", "add"], "missing argument"),
    (["nosuchcommand"], "unknown command"),
])
def test_usage_errors_are_one_line_exit_2(home: Home, shell: Shell, argv: list[str],
                                          words: str) -> None:
    code, out, err = shell(*argv)
    assert code == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("papers: error: ")
    assert words in lines[0].lower()
    assert "Usage:" not in err and "Traceback" not in err


def test_a_usage_error_in_a_real_process_is_one_line(home: Home) -> None:
    proc = run_process("today", "--limit", "-1")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("papers: error: ")


def test_help_and_no_arguments_still_show_help(home: Home, shell: Shell) -> None:
    code, out, _ = shell("today", "--help")
    assert code == 0 and "--sort" in out and "relevance" in out
    code, out, err = shell()
    assert "today" in out + err and "Traceback" not in err


# -- what a plain process imports ----------------------------------------------------------


def test_a_plain_listing_process_keeps_rich_and_httpx_out(library: object) -> None:
    """Typer is the parser now, so it is imported; Rich (only for styled terminals and
    panels) and httpx (only when the network is used) still are not."""
    for args in (["search", "llama", "--offline", "--json"],
                 ["day", YESTERDAY, "--offline", "--json"],
                 ["search", "--family", "LLaVA"],
                 ["today", "--offline", "--sort", "upvotes"]):
        proc = run_process(*args, env_extra={"PYTHONPROFILEIMPORTTIME": "1"})
        assert proc.returncode in (0, 1), proc.stderr
        imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines()
                    if line.startswith("import time:")}
        roots = {m.split(".")[0] for m in imported}
        assert "typer" in roots
        assert not roots & {"rich", "httpx", "httpcore", "sklearn"}, (args, roots)
        assert "papercli.cli.fast" not in imported


def test_new_sorts_by_relevance_through_the_same_step(listed: Shell) -> None:
    _, out, _ = listed("today", "--offline", "--json")
    for pid in ids(out)[:4]:
        assert listed("star", pid, "--offline")[0] == 0
    code, out, err = listed("new", "--offline", "--all", "--peek", "--sort", "relevance",
                            "--json")
    assert code == 0, err
    found = papers_of(out)
    assert found and all("watches" in p and "listing_day" in p for p in found)
    scores = [p["score"] for p in found]
    assert all(isinstance(s, float) for s in scores)
    assert scores == sorted(scores, reverse=True)
    code, out, err = listed("new", "--offline", "--all", "--peek", "--sort", "upvotes",
                            "-n", "2", "--json")
    assert code == 0, err
    votes = sorted((p["upvotes"] for p in found), reverse=True)
    assert [p["upvotes"] for p in papers_of(out)] == votes[:2]  # sorted, then cut
