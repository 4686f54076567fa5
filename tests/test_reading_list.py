"""Stars, read marks and `papers open`: user data in its own database, real browsers faked
by a script that records what it was asked to open."""

from __future__ import annotations

import copy
import json
import re
import sqlite3
from pathlib import Path

import pytest

from conftest import NOW, Home, run_process
from hubserver import HubServer

A = "2501.03895"  # LLaVA-Mini, listed today by seeded_hub
B = "2401.01055"  # LLaMA Beyond English, listed today
C = "2304.15010"  # LLaMA-Adapter V2, listed yesterday


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def with_details(hub: HubServer, pid: str, **fields: object) -> None:
    """The paper page has more than the listing: an AI summary, a code link."""
    paper = copy.deepcopy(hub.state.papers[pid])
    paper.update(fields)
    hub.add_paper(paper)


def user_db(home: Home) -> Path:
    return home.data / "papercli" / "user.db"


def test_stars_keep_a_full_record_and_survive_cache_clear(papers, seeded_hub: HubServer,
                                                          home: Home) -> None:
    assert papers("today").exit_code == 0
    with_details(seeded_hub, A, ai_summary="A tiny LLaVA.",
                 githubRepo="https://github.com/example/llava-mini")
    seeded_hub.reset_log()
    result = papers("star", A, B)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "starred 2 papers" in result.stderr
    # The listing record is thin: starring fetches each paper page once.
    assert {r.path for r in seeded_hub.requests} == {f"/api/papers/{A}", f"/api/papers/{B}"}
    before = json.loads(papers("starred", "--json").stdout)
    assert [p["id"] for p in before] == [A, B]  # the order they were starred in
    assert before[0]["starred_at"] == NOW and before[0]["read_at"] is None
    assert set(before[0]) == {
        "id", "title", "summary", "authors", "published_at", "submitted_at", "upvotes",
        "comments", "families", "url", "arxiv_url", "pdf_url", "github_repo", "project_page",
        "ai_summary", "ai_keywords", "organization", "github_stars", "submitter", "withdrawn_at",
        "thumbnail", "categories", "primary_category", "version", "updated_at", "comment",
        "journal_ref", "doi", "sources", "num_models", "num_datasets", "num_spaces",
        "author_accounts", "announced",
        "starred_at", "starred_order", "read_at", "read",
    }
    assert before[0]["ai_summary"] == "A tiny LLaVA."

    cleared = papers("cache", "clear", "--yes")
    assert cleared.exit_code == 0
    assert json.loads(papers("cache", "info", "--json").stdout)["papers"] == 0
    assert user_db(home).is_file() and not user_db(home).is_relative_to(home.cache)

    seeded_hub.reset_log()
    after = papers("starred", "--json")
    assert after.exit_code == 0
    assert json.loads(after.stdout) == before
    assert seeded_hub.count() == 0, "the reading list never uses the network"
    # The snapshot is put back into the library when the paper is asked for.
    shown = papers("show", A, "--offline", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout)["github_repo"] == "https://github.com/example/llava-mini"


def test_star_fetches_papers_missing_from_the_library(papers, seeded_hub: HubServer) -> None:
    result = papers("star", f"https://huggingface.co/papers/{C}")
    assert result.exit_code == 0, result.stderr
    data = json.loads(papers("starred", "--json").stdout)
    assert [p["id"] for p in data] == [C]
    assert data[0]["title"].startswith("LLaMA-Adapter V2")
    assert data[0]["families"] == ["LLaMA", "GPT"]


def test_star_stars_what_it_can_and_names_the_rest(papers, seeded_hub: HubServer) -> None:
    """As `tag`, `read` and `hide` (and gh, git): act on what can be acted on, say the
    rest after it, exit 1. A bad id is a usage error before anything is done."""
    bad = papers("star", A, "not-an-id")
    assert bad.exit_code == 2 and "not an id: 'not-an-id'" in one_line(bad.stderr)
    assert json.loads(papers("starred", "--json").stdout) == []
    result = papers("star", A, "2501.99999")
    assert result.exit_code == 1
    said, error = result.stderr.splitlines()
    assert said == "papers: starred 1 paper"
    assert error.startswith("papers: error: ") and "2501.99999" in error and A not in error
    assert [p["id"] for p in json.loads(papers("starred", "--json").stdout)] == [A]
    assert papers("today").exit_code == 0  # (B is listed today: now in the library)
    offline = papers("star", B, C, "--offline")  # C, listed yesterday, never was
    assert offline.exit_code == 1
    assert offline.stderr.splitlines() == [
        "papers: starred 1 paper",
        f"papers: error: {C} is not in the local library — run without --offline"]
    assert sorted(p["id"] for p in json.loads(papers("starred", "--json").stdout)) == [B, A]


def test_starring_again_keeps_the_date_and_refreshes_the_record(papers, seeded_hub: HubServer,
                                                                monkeypatch) -> None:
    papers("star", A)
    monkeypatch.setenv("PAPERS_NOW", "2026-11-26T09:00:00Z")
    with_details(seeded_hub, A, upvotes=77)
    assert papers("show", A, "--refresh").exit_code == 0  # (the library's record, newer)
    again = papers("star", A, C)
    assert again.exit_code == 0
    assert one_line(again.stderr) == (
        f"papers: starred 1 paper ({A} already starred, record refreshed)")
    data = json.loads(papers("starred", "--json").stdout)
    assert [(p["id"], p["starred_at"]) for p in data] == [
        (C, "2026-11-26T09:00:00Z"), (A, NOW)]


def test_starring_two_again_says_their_records(papers, seeded_hub: HubServer) -> None:
    """Their records the same as their stars keep: none is said refreshed (each star's
    record is the library's, as the first star fetched it)."""
    papers("star", A, C)
    again = papers("star", A, C)
    assert again.exit_code == 0
    assert one_line(again.stderr) == f"papers: starred 0 papers ({A}, {C} already starred)"
    with_details(seeded_hub, A, upvotes=77)
    assert papers("show", A, "--refresh").exit_code == 0
    one = papers("star", A, C)
    assert one_line(one.stderr) == (
        f"papers: starred 0 papers ({A}, {C} already starred, 1 refreshed)")
    with_details(seeded_hub, A, upvotes=78)
    with_details(seeded_hub, C, upvotes=79)
    assert papers("show", A, C, "--refresh").exit_code == 0
    both = papers("star", A, C)
    assert one_line(both.stderr) == (
        "papers: starred 0 papers (2 already starred, records refreshed)")
    assert papers("cache", "clear", "--yes").exit_code == 0  # (the stars' own records)
    kept = {p["id"]: p["upvotes"] for p in json.loads(papers("starred", "--json").stdout)}
    assert kept == {A: 78, C: 79}


def test_unstar(papers, seeded_hub: HubServer) -> None:
    papers("star", A, B)
    result = papers("unstar", A)
    assert result.exit_code == 0 and "unstarred 1 paper" in result.stderr
    assert papers("starred", "--json").ids == [B]
    again = papers("unstar", A, B)
    assert again.exit_code == 0
    assert one_line(again.stderr) == f"papers: unstarred 1 paper ({A} was not starred)"
    assert json.loads(papers("starred", "--json").stdout) == []


def test_read_marks_and_the_unread_list(papers, seeded_hub: HubServer) -> None:
    papers("star", A, B, C)
    result = papers("read", A)
    assert result.exit_code == 0 and "marked 1 paper read" in result.stderr
    assert "already" in papers("read", A, B).stderr
    data = {p["id"]: p["read_at"] for p in json.loads(papers("starred", "--json").stdout)}
    assert data == {A: NOW, B: NOW, C: None}
    assert papers("starred", "--unread", "--json").ids == [C]
    assert papers("read", B, "--unread").exit_code == 0
    assert papers("starred", "--unread", "--json").ids == [B, C]
    table = papers("starred")
    assert table.exit_code == 0
    assert "3 starred · 2 unread" in table.stdout
    # --unread lists the unread ones: counted as such, out of every starred paper.
    assert "2 unread · 3 starred" in papers("starred", "--unread").stdout
    assert "1 of 2 unread · 3 starred" in papers("starred", "--unread", "-n", "1").stdout
    papers("read", B, C)
    done = papers("starred", "--unread")
    assert done.exit_code == 0 and "all 3 starred papers are read" in done.stderr
    papers("unstar", B, C)  # one starred paper, read: not "all 1 starred paper is read"
    one = papers("starred", "--unread")
    assert one.exit_code == 0 and "papers: your starred paper is read" in one.stderr
    # Read marks need no star, but an id the Hub does not know is an error (issue 12).
    assert papers("read", "2312.00001").exit_code == 1
    assert papers("read", "nonsense").exit_code == 2


def test_show_says_what_you_did_with_a_paper(papers, seeded_hub: HubServer,
                                            home: Home) -> None:
    """`show` names your marks, as the browser's reading pane does: starred (when), read
    (when), hidden; JSON adds `starred_at`, `read_at` and `hidden` only where they apply.
    A paper you never marked shows none, and no user database is made to find out."""
    fresh = papers("show", C, "--json")
    assert fresh.exit_code == 0, fresh.stderr
    assert not {"starred_at", "read_at", "hidden"} & set(json.loads(fresh.stdout))
    assert not user_db(home).exists()
    papers("star", A, B)
    papers("read", B)
    papers("hide", C)
    shown = {p["id"]: p for p in json.loads(papers("show", A, B, C, "--json").stdout)}
    assert shown[A]["starred_at"] == NOW and "read_at" not in shown[A]
    assert shown[B]["starred_at"] == NOW and shown[B]["read_at"] == NOW
    assert shown[C]["hidden"] is True and "starred_at" not in shown[C]
    panels = papers("show", A, B, C).stdout.split("╰")
    assert f"★ starred {NOW[:10]}" in panels[0] and "✓ read" not in panels[0]
    assert f"★ starred {NOW[:10]}   ✓ read {NOW[:10]}" in panels[1]
    assert "× hidden" in panels[2] and "★" not in panels[2]


def test_listings_mark_what_you_starred_and_read(papers, seeded_hub: HubServer) -> None:
    """Every listing's rows carry ★ (starred) and ✓ (read) before the title, as the
    browser's do, and its JSON "starred_at" and "read_at" where they apply: today's list
    says which of today's papers you already have."""
    papers("star", A, B)
    papers("read", B)
    table = papers("today").stdout.splitlines()
    row = {pid: next(line for line in table if pid in line) for pid in (A, B)}
    assert "★ " in row[A] and "★✓ " in row[B]
    others = [line for line in table[2:-1] if A not in line and B not in line]
    assert others and not any("★" in line or "✓" in line for line in others)
    shown = {p["id"]: p for p in json.loads(papers("today", "--json").stdout)}
    assert shown[A]["starred_at"] == NOW and "read_at" not in shown[A]
    assert shown[B]["read_at"] == NOW
    assert not any("starred_at" in p for pid, p in shown.items() if pid not in (A, B))


def test_the_starred_filter_works_on_export_search_and_listings(
        papers, seeded_hub: HubServer, home: Home) -> None:
    """`--starred` on any listing: `papers export --starred -o stars.bib` (the name a user
    tries first), a search within the reading list, a day's starred papers. Before any
    star (and with no user database) it passes nothing and creates no database."""
    assert papers("today", "--json").exit_code == 0  # the listing fills the library
    before = papers("export", "--starred", "-f", "ids")
    assert before.exit_code == 0 and before.stdout == "" and not user_db(home).exists()
    empty = papers("starred")  # the reading list, empty, says how to fill it
    assert empty.stdout == "" and "papers star ID" in empty.stderr
    assert "papers star ID" not in papers("starred", "-F", "LLaVA").stderr  # (a filter)
    papers("star", A, C)
    out = papers("export", "--starred", "-o", "stars.bib")
    assert out.exit_code == 0 and "wrote 2 papers" in out.stderr
    assert sorted(papers("export", "--starred", "-f", "ids").stdout.split()) == sorted([A, C])
    assert papers("search", "llava", "--starred", "--offline", "--json").ids == [A]
    found = papers("search", "llava", "--starred", "--offline")
    assert "1 paper · 1 in the library" in found.stdout  # exact ("at least" if in Python)
    assert "2 papers" in papers("search", "--starred", "--offline").stdout
    assert set(papers("today", "--starred", "--json").ids) == {A}  # C was listed yesterday
    # for-you ranks what you have not starred: --starred there is a usage error, not an
    # empty list, and says where the reading list is ranked.
    ranked = papers("for-you", "--starred")
    assert ranked.exit_code == 2 and "papers starred -s relevance" in ranked.stderr
    assert len(ranked.stderr.rstrip("\n")) <= 80, ranked.stderr  # (it made 160 columns)


def test_starred_takes_the_usual_filters_and_formats(papers, seeded_hub: HubServer,
                                                     home: Home) -> None:
    papers("star", A, B, C)
    assert papers("starred", "--family", "LLaVA", "--json").ids == [A]
    assert papers("starred", "--author", "Zhang", "--exclude", "Mini", "--json").ids == []
    assert papers("starred", "-n", "2", "--json").ids == [A, B]
    votes = [p["upvotes"] for p in json.loads(
        papers("starred", "--sort", "upvotes", "--json").stdout)]
    assert votes == sorted(votes, reverse=True)
    out = home.root / "reading.md"
    written = papers("starred", "--format", "md", "-o", str(out))
    assert written.exit_code == 0, written.stderr
    text = out.read_text(encoding="utf-8")
    assert "LLaVA-Mini" in text and "LLaMA-Adapter V2" in text
    bib = papers("starred", "--format", "bibtex")
    assert bib.exit_code == 0 and bib.stdout.count("@") == 3
    csv = papers("starred", "--format", "csv")
    assert csv.exit_code == 0 and len(csv.stdout.strip().splitlines()) >= 4


def test_starred_emptied_by_filters_says_so(papers, seeded_hub: HubServer) -> None:
    """Stars, none of them through the filters: "No papers." alone read as if the reading
    list were empty; it says how many stars the filters passed over."""
    papers("star", A, B, C)
    for args in ((), ("--unread",)):
        none = papers("starred", "-k", "zyzzyva", *args)
        assert none.exit_code == 0 and none.stdout == ""
        assert one_line(none.stderr) == (
            "papers: none of your 3 starred papers contains the word zyzzyva")
    assert papers("hide", "--offline", C).exit_code == 0  # a hidden star is not listed
    assert one_line(papers("starred", "-k", "zyzzyva").stderr) == (
        "papers: none of your 2 starred papers contains the word zyzzyva")
    assert papers("starred", "-F", "LLaVA").stderr == ""


def test_an_unreadable_user_database_is_an_error_and_is_left_alone(
        papers, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """Said in 80 columns by ~ or the file's name (the whole path twice made 233), and
    whole under PAPERS_DEBUG."""
    path = user_db(home)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"my precious notes, not a database" * 100)
    for args in (("starred",), ("read", A), ("unstar", A)):
        result = papers(*args)
        assert result.exit_code == 1, args
        line = one_line(result.stderr)
        assert "user.db is unreadable" in line and "move it aside" in line, line
        assert len(line) <= 80, line
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    assert str(path) in one_line(papers("starred").stderr)
    assert path.read_bytes() == b"my precious notes, not a database" * 100


def test_a_user_database_from_a_newer_papercli_is_refused(papers, home: Home) -> None:
    path = user_db(home)
    assert papers("read", A).exit_code == 0
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    result = papers("starred")
    assert result.exit_code == 1
    assert "newer papercli" in one_line(result.stderr)


# -- papers open ------------------------------------------------------------------------


def test_open_launches_the_browser_with_the_right_url(seeded_hub: HubServer, browser: Path,
                                                      papers) -> None:
    done = run_process("open", A)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert browser.read_text() == f"{seeded_hub.url}/papers/{A}\n"
    assert seeded_hub.count() == 0, "the page URL needs no record"
    run_process("open", f"arxiv:{A}v2", "--pdf")
    run_process("open", A, "--arxiv")
    assert browser.read_text().splitlines()[1:] == [  # (the version typed, if any)
        f"https://arxiv.org/pdf/{A}v2", f"https://arxiv.org/abs/{A}"]


def test_open_gives_a_paper_only_arxiv_knows_its_arxiv_page(
        seeded_hub: HubServer, browser: Path, papers, tmp_path: Path) -> None:
    """A paper the library has from arXiv alone opened the Hub's page (a 404): its arXiv
    page opens, and a note says why; a Hub paper beside it still opens the Hub's."""
    only = "2403.10009"
    snap = tmp_path / "snap.jsonl"  # one line of arXiv's metadata snapshot (invented)
    snap.write_text(json.dumps({
        "id": only, "submitter": "A. Inventor", "authors": "A. Inventor", "title": "Undertow",
        "comments": None, "journal-ref": None, "doi": None, "categories": "cs.LG",
        "abstract": "Invented.", "update_date": "2024-03-16",
        "versions": [{"version": "v1", "created": "Tue, 12 Mar 2024 10:00:00 GMT"}],
        "authors_parsed": [["Inventor", "A.", ""]]}) + "\n", encoding="utf-8")
    assert papers("import", str(snap)).exit_code == 0
    seeded_hub.reset_log()
    done = run_process("open", only, A)
    assert done.returncode == 0, done.stderr
    assert browser.read_text().splitlines() == [f"https://arxiv.org/abs/{only}",
                                                f"{seeded_hub.url}/papers/{A}"]
    assert (f"papers: {only} has no Hugging Face page (arXiv only): its arXiv page "
            "instead\n") in done.stderr
    printed = papers("open", only, "-n", "--offline")
    assert printed.exit_code == 0 and printed.stdout == f"https://arxiv.org/abs/{only}\n"
    assert seeded_hub.count() == 0, "the library's record says, nothing is fetched"


def test_open_code_uses_the_papers_record(seeded_hub: HubServer, browser: Path,
                                          papers) -> None:
    with_details(seeded_hub, A, githubRepo="https://github.com/example/llava-mini")
    done = run_process("open", A, "--code")
    assert done.returncode == 0, done.stderr
    assert browser.read_text() == "https://github.com/example/llava-mini\n"
    missing = papers("open", B, "--code")
    assert missing.exit_code == 1
    assert f"{B} has no code link" in one_line(missing.stderr)
    offline = papers("open", C, "--code", "--offline")
    assert offline.exit_code == 1 and "not in the local library" in offline.stderr


def test_open_without_a_browser_prints_the_url(seeded_hub: HubServer, tmp_path: Path,
                                               monkeypatch, papers) -> None:
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no www-browser, lynx, xdg-open...
    for name in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    done = run_process("open", A, "--pdf")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"https://arxiv.org/pdf/{A}\n"
    assert done.stderr == ""


def test_open_with_a_failing_browser_prints_the_url(seeded_hub: HubServer, tmp_path: Path,
                                                    monkeypatch, papers) -> None:
    script = tmp_path / "broken-browser"
    script.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(script))
    done = run_process("open", A)
    assert done.returncode == 0
    assert done.stdout == f"{seeded_hub.url}/papers/{A}\n"
    assert "did not start" in done.stderr


def test_open_with_a_failing_browser_tries_it_once(seeded_hub: HubServer, tmp_path: Path,
                                                 monkeypatch, papers) -> None:
    """A browser that does not start is not asked again for each id: one warning, and the
    URLs of all the ids on stdout (it said "did not start" once per id)."""
    tries = tmp_path / "tries.txt"
    script = tmp_path / "broken-browser"
    script.write_text(f'#!/bin/sh\necho "$1" >> "{tries}"\nexit 3\n', encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(script))
    done = run_process("open", A, B, C)
    assert done.returncode == 0
    assert done.stdout == "".join(f"{seeded_hub.url}/papers/{pid}\n" for pid in (A, B, C))
    assert one_line(done.stderr) == ("papers: warning: broken-browser (BROWSER) did not "
                                     "start; here are the 3 URLs")
    assert tries.read_text().splitlines() == [f"{seeded_hub.url}/papers/{A}"]


@pytest.mark.parametrize(("value", "said"), [
    ("no-such-browser", "no-such-browser (BROWSER) was not found"),
    ("no-such-browser --new-window", "no-such-browser (BROWSER) was not found"),
    ("/no/such/dir/" + "b" * 40 + " %s", "BROWSER's program was not found")])
def test_a_browser_that_cannot_be_found_is_named(seeded_hub: HubServer, monkeypatch, papers,
                                                 value: str, said: str) -> None:
    """A typo in $BROWSER said "the browser did not start", naming nothing to fix: the
    program it names is said, and that it is not there (in 80 columns: a long name, the
    variable alone); the URLs are printed all the same."""
    monkeypatch.setenv("BROWSER", value)
    done = run_process("open", A, B)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "".join(f"{seeded_hub.url}/papers/{pid}\n" for pid in (A, B))
    assert done.stderr.splitlines() == [f"papers: warning: {said}; here are the 2 URLs"]


def test_open_takes_a_browser_command_line(seeded_hub: HubServer, browser: Path,
                                           monkeypatch, papers) -> None:
    """$BROWSER with arguments, as gh and xdg-open take it: the program, its words, the URL."""
    script = browser.parent / "recording-browser"  # the fixture's, rewritten
    script.write_text(f'#!/bin/sh\nprintf "%s|" "$@" >> "{browser}"\necho >> "{browser}"\n',
                      encoding="utf-8")
    monkeypatch.setenv("BROWSER", f"{script} --new-window")
    done = run_process("open", A, B)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and "did not start" not in done.stderr
    assert browser.read_text().splitlines() == [
        f"--new-window|{seeded_hub.url}/papers/{A}|", f"--new-window|{seeded_hub.url}/papers/{B}|"]


def test_open_argument_errors(papers, home: Home) -> None:
    both = papers("open", A, "--pdf", "--code")
    assert both.exit_code == 2 and "choose one of" in one_line(both.stderr)
    bad = papers("open", "llava")
    assert bad.exit_code == 2 and "not a paper id" in one_line(bad.stderr)


@pytest.mark.parametrize("form", [
    "hf.co/papers/{}", "https://hf.co/papers/{}", "huggingface.co/papers/{}",
    "https://huggingface.co/papers/{}", "https://arxiv.org/abs/{}v2", "arxiv.org/pdf/{}.pdf",
    "export.arxiv.org/abs/{}", "arXiv:{}",
])
def test_every_id_command_takes_a_paper_link_as_pasted(library, form: str) -> None:
    pasted = form.format(B)
    for args in (("star", pasted), ("read", pasted), ("hide", pasted),
                 ("tag", pasted, "pasted"), ("note", pasted, "-m", "Pasted.")):
        result = library(*args, "--offline")
        assert result.exit_code == 0, (args, result.stderr)
    shown = library("show", pasted, "--offline", "--json")
    assert shown.exit_code == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["id"] == B
    assert data["read_at"] and data["starred_at"] and data["hidden"] is True
    assert data["tags"] == ["pasted"] and data["note"] == "Pasted."
    opened = library("open", pasted, "--arxiv", "-n")  # (of the version pasted, if any)
    version = "v2" if "}v2" in form else ""
    assert (opened.exit_code, opened.stdout) == (0, f"https://arxiv.org/abs/{B}{version}\n")
    for args in (("untag", pasted, "pasted"), ("unhide", pasted), ("unstar", pasted)):
        assert library(*args).exit_code == 0, args
    assert "tags" not in json.loads(library("show", pasted, "--offline", "--json").stdout)


@pytest.mark.parametrize("pasted", ["cs/0112017", "arxiv.org/abs/cs/0112017v1",
                                    "https://arxiv.org/pdf/cs/0112017v2.pdf", "arXiv:cs/0112017"])
def test_an_old_style_id_is_taken_as_pasted(papers, pasted: str) -> None:
    opened = papers("open", pasted, "--pdf", "-n")  # (of the version pasted, if any)
    version = re.search(r"(v[0-9])(\.pdf)?$", pasted)
    assert (opened.exit_code, opened.stdout) == (
        0, f"https://arxiv.org/pdf/cs/0112017{version[1] if version else ''}\n")


def test_starring_a_hidden_paper_says_it_is_hidden(library) -> None:
    """`starred` leaves a hidden paper out: starring one says so (as `hide` says of a
    starred one) instead of "starred 1 paper" and a list without it."""
    assert library("hide", B, "--offline").exit_code == 0
    result = library("star", A, B, "--offline")
    assert result.exit_code == 0, result.stderr
    assert one_line(result.stderr) == (  # (80 columns: it was 104 wide)
        f"papers: starred 2 papers; {B} is hidden: papers unhide shows it again")
    assert [p["id"] for p in json.loads(library("starred", "--json").stdout)] == [A]
    assert library("hide", A, C, "--offline").exit_code == 0
    several = library("star", A, B, C, "--offline")  # (ten were named, 150 wide)
    assert one_line(several.stderr) == (  # (in 80 columns: 121 with both named)
        "papers: starred 1 paper (2 already starred); 3 are hidden (papers unhide)")
    assert library("unhide", A, C).exit_code == 0
    assert library("unhide", B).exit_code == 0
    again = library("star", B, "--offline")
    assert "hidden" not in one_line(again.stderr)


def test_starring_several_again_names_the_hidden_one(library) -> None:
    """`papers star A B` of two papers already starred, B hidden, said "starred 0 papers
    (2 already starred); it is hidden (papers unhide)": "it" was neither of them."""
    assert library("star", A, B, "--offline").exit_code == 0
    assert library("hide", B, "--offline").exit_code == 0
    result = library("star", A, B, "--offline")
    assert result.exit_code == 0, result.stderr
    assert one_line(result.stderr) == (
        f"papers: starred 0 papers (2 already starred); {B} hidden (papers unhide)")
    alone = library("star", B, "--offline")  # (one paper: "it" is that one)
    assert one_line(alone.stderr) == (
        "papers: starred 0 papers (1 already starred); it is hidden (papers unhide)")


@pytest.mark.parametrize("verb, was, did", [("unstar", "starred", "unstarred"),
                                            ("unhide", "hidden", "unhid")])
def test_ids_without_the_mark_are_counted_in_one_line(papers, verb: str, was: str,
                                                      did: str) -> None:
    """`papers starred -q | papers unstar -` run twice warned once per id, a screenful of
    lines for a long list; now one line counts them, as `hide` and `read` count theirs."""
    ids = [f"2412.{n:05d}" for n in range(1, 13)]
    result = papers(verb, "-", input="\n".join(ids) + "\n")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [f"papers: {did} 0 papers (12 were not {was})"]


@pytest.mark.parametrize("pasted", ["arXiv 2401.01055", "arxiv.2401.01055",
                                    "ArXiv 2401.01055v2", "[arXiv 2401.01055]"])
def test_an_id_with_arxiv_before_it_is_named(library, pasted: str) -> None:
    """A citation pasted as one argument (`papers star "arXiv 2401.01055"`) or the id as
    a DOI ends (`arxiv.2401.01055`) was taken for a title: "papers search 'arXiv
    2401.01055' finds papers". The id in it is named, as for other pasted forms."""
    for command in ("star", "show"):
        result = library(command, pasted, "--offline")
        assert result.exit_code == 2 and result.stdout == ""
        assert one_line(result.stderr).endswith("— did you mean 2401.01055?"), result.stderr


def test_an_id_typed_with_a_comma_for_its_dot_is_named(library) -> None:
    """`papers star 2401,01055` (a decimal comma) said only "e.g. 2401.01055"."""
    result = library("star", "2401,01055", "--offline")
    assert result.exit_code == 2 and result.stdout == ""
    assert one_line(result.stderr).endswith("— did you mean 2401.01055?"), result.stderr


@pytest.mark.parametrize("pasted", [
    "2401.01055v2.pdf", "/home/me/Downloads/2401.01055.pdf",
    "https://www.semanticscholar.org/arxiv/2401.01055",
    "https://huggingface.co/papers/2401.01055/community"])
def test_an_id_inside_a_file_name_or_another_link_is_named(library, pasted: str) -> None:
    """A downloaded PDF's name was taken for a title ("papers search 2401.01055v2.pdf
    finds papers"), a link to another site said only "e.g. 2401.01055". (Said "try
    2401.01055" where that keeps more of what was typed.)"""
    for command in ("show", "star", "open"):
        result = library(command, pasted, "--offline")
        assert result.exit_code == 2 and result.stdout == ""
        assert one_line(result.stderr).endswith(
            ("— did you mean 2401.01055?", "— try 2401.01055")), result.stderr


def test_text_with_two_ids_in_it_names_neither(library) -> None:
    result = library("show", "https://example.com/2401.01055/vs/2404.14047", "--offline")
    assert result.exit_code == 2
    assert one_line(result.stderr).endswith("— e.g. 2401.01055"), result.stderr


def test_piped_ids_may_carry_comments_and_blank_lines(library) -> None:
    """A reading list kept by hand (`papers star - < to-read.txt`) has comments: "'#' is
    not an arXiv id or paper URL", nothing starred. A `#` that starts a word comments out
    the rest of its line; one inside a link (a #fragment) does not."""
    piped = (f"# to read\n\n{A}  # LLaVA-Mini\n\n#{C}\nhttps://arxiv.org/abs/{B}#section\n"
             "   # the end\n")
    result = library("star", "-", "--offline", input=piped)
    assert result.exit_code == 0, result.stderr
    assert one_line(result.stderr) == "papers: starred 2 papers"
    assert sorted(p["id"] for p in json.loads(library("starred", "--json").stdout)) == [B, A]
    only = library("star", "-", "--offline", input="# nothing yet\n")
    assert only.exit_code == 2
    assert one_line(only.stderr).startswith("papers: error: no ids piped in")


def test_ids_that_could_not_be_checked_are_counted(library) -> None:
    """`papers read` of 25 ids the library lacks, offline, named the first ten (187
    columns, no word of the other 15); several are now named as many as fit one line,
    the rest counted, as `tag` and `note` say it (read said "could not check 25 papers
    on the Hub (offline); marked anyway"); counted with the next step, in 80 columns."""
    many = [f"2612.{n:05d}" for n in range(1, 26)]
    result = library("read", *many, "--offline")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "papers: warning: 25 papers not in the library yet, marked anyway: papers show ID",
        "papers: marked 25 papers read"]
    one = library("hide", many[0], "--offline")
    assert one.stderr.splitlines()[0] == (
        f"papers: warning: not in the library yet, hidden anyway: papers show {many[0]}")
