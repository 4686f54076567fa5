"""Papercuts of daily use (issue 20): what the user sees from starred, today with nothing
recent, cache info, help and options, completion, new with nothing new, and CSV."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
from datetime import timedelta
from pathlib import Path

import pytest

from conftest import TODAY, Home, on_terminal, one_line, signals_taken_elsewhere, until_waiting
from hubserver import HubServer, item_for_day, seed_items

A = "2501.03895"  # LLaVA-Mini, listed today by seeded_hub
B = "2401.01055"  # LLaMA Beyond English, listed today


def _row(stdout: str, pid: str) -> str:
    (line,) = [line for line in stdout.splitlines() if pid in line]
    return line


# -- 3. starred says which papers are read ----------------------------------------------


def test_starred_marks_read_papers_in_the_table_and_json(papers, seeded_hub: HubServer,
                                                         monkeypatch) -> None:
    assert papers("today").exit_code == 0
    assert papers("star", A, B).exit_code == 0
    assert papers("read", A).exit_code == 0
    data = {p["id"]: p for p in json.loads(papers("starred", "--json").stdout)}
    assert data[A]["read"] is True and data[B]["read"] is False
    piped = papers("starred")
    assert piped.exit_code == 0, piped.stderr
    assert "✓ " in _row(piped.stdout, A) and "✓" not in _row(piped.stdout, B)
    monkeypatch.setenv("COLUMNS", "80")
    fitted = papers("starred")
    assert "✓" in _row(fitted.stdout, A) and "✓" not in _row(fitted.stdout, B)
    # Every listing marks them as the reading list does (and as the browser does).
    today = papers("today").stdout
    assert "★✓ " in _row(today, A) and "✓" not in _row(today, B) and "★ " in _row(today, B)


# -- 8. today with nothing recent -------------------------------------------------------


def test_today_with_nothing_recent_says_what_it_looked_at(
        papers, hub: HubServer) -> None:
    old = TODAY - timedelta(days=30)
    hub.set_day(old, [item_for_day(seed_items()[0], old)])
    result = papers("today")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""  # (nothing listed: what it looked at, on stderr)
    assert one_line(result.stderr) == ("papers: nothing listed in the last 8 days (papers sync "
                                       "--since DATE fetches earlier ones)")
    days = [r.params.get("date") for r in hub.requests if r.path == "/api/daily_papers"]
    assert len(days) == len(set(days)) == 8  # one request per day looked at
    # Each empty day is cached as the Hub answered it (tests/test_today.py: and reused).
    info = json.loads(papers("cache", "info", "--json").stdout)
    assert sorted((e["key"], e["count"]) for e in info["entries"]) == [
        (f"day:{TODAY - timedelta(days=n)}", 0) for n in range(7, -1, -1)]


def test_today_still_finds_the_latest_day_and_stores_the_days_it_met(
        papers, hub: HubServer) -> None:
    back = TODAY - timedelta(days=2)
    hub.set_day(back, [item_for_day(seed_items()[0], back)])
    result = papers("today", "--json")
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)) == 1
    entries = json.loads(papers("cache", "info", "--json").stdout)["entries"]
    assert sorted((e["key"], e["count"]) for e in entries) == [
        (f"day:{back.isoformat()}", 1), (f"day:{TODAY - timedelta(days=1)}", 0),
        (f"day:{TODAY}", 0)]


# -- 9. cache info ------------------------------------------------------------------------


def test_cache_info_says_hub_and_import_and_separates_thousands(
        papers, seeded_hub: HubServer, tmp_path) -> None:
    base = seed_items()[0]
    items = []
    for n in range(1200):
        item = json.loads(json.dumps(base))
        item["paper"]["id"] = f"2301.{n:05d}"
        items.append(item)
    src = tmp_path / "many.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    imported = papers("import", str(src))
    assert imported.exit_code == 0, imported.stderr
    assert one_line(imported.stderr) == (
        "papers: read 1,200 papers from 1 file: 1,200 new")
    assert papers("today").exit_code == 0

    human = papers("cache", "info")
    assert human.exit_code == 0, human.stderr
    assert re.search(r"^Papers\s+1,210$", human.stdout, re.M)
    assert "1970" not in human.stdout
    hub_row = _row(human.stdout, f"day:{TODAY.isoformat()}")
    assert hub_row.split()[-1] == "Hub" and "2026-11-25T12:00:00Z" in hub_row
    import_row = _row(human.stdout, f"day:{base['publishedAt'][:10]}")
    assert "imported" in import_row and import_row.split()[-1] == "import"
    assert re.search(r"\b1,200\b", import_row)

    entries = {e["key"]: e for e in json.loads(papers("cache", "info", "--json").stdout)[
        "entries"]}
    assert entries[f"day:{TODAY.isoformat()}"]["source"] == "hub"
    assert entries[f"day:{base['publishedAt'][:10]}"] == {
        "key": f"day:{base['publishedAt'][:10]}", "count": 1200, "fetched_at": None,
        "source": "import"}


# -- 10. help and options agree ----------------------------------------------------------


def test_for_you_and_related_do_not_list_sort(papers, library) -> None:
    for command in ("for-you", "related"):
        shown = papers(command, "--help")
        assert shown.exit_code == 0
        assert not re.search(r"^\s+(-s, )?--sort\b", shown.stdout, re.M)
        refused = papers(command, *(["2401.01055"] if command == "related" else []),
                         "--sort", "new")
        assert refused.exit_code == 2 and "has no --sort" in one_line(refused.stderr)
    assert "--offline" in papers("related", "--help").stdout  # it may fetch the paper
    assert "--offline" not in papers("for-you", "--help").stdout  # it never uses the network


def test_for_you_help_says_since_chooses_the_listed_days(papers,
                                                        seeded_hub: HubServer) -> None:
    """for-you's --since ranks what Daily Papers listed from that day on, whatever the
    papers' arXiv dates, but its help said "Only papers whose arXiv date is DATE or later"
    (the listings' filter): its help now says what it does."""
    assert papers("today").exit_code == 0  # the 19 seed papers, listed today
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    ranked = papers("for-you", "--since", yesterday, "--json")
    assert ranked.exit_code == 0, ranked.stderr
    dates = [p["published_at"][:10] for p in json.loads(ranked.stdout)]
    assert dates and all(d < yesterday for d in dates)  # none has an arXiv date since then
    shown = papers("for-you", "--help").stdout
    # Each option's help, its wrapped lines joined: "--since DATE  Rank ... 1y)."
    helps = {m[1]: " ".join(m[2].split()) for m in re.finditer(
        r"^  (?:-\w, )?(--[\w-]+)(.*?)(?=^  -|^\s*$)", shown, re.M | re.S)}
    since, until = helps["--since"], helps["--until"]
    assert "arXiv date is DATE" not in since + until
    assert "listed" in since and "7d" in since and "last 7 days" in since, since
    assert "today" in until, until


def test_show_lists_and_takes_no_limit_or_sort(papers, library) -> None:
    shown = papers("show", "--help").stdout
    for option in ("--limit", "--sort", "--hidden"):  # no option line for them
        assert not re.search(rf"^\s+(-\w, )?{option}\b", shown, re.M), option
    for option in (["-n", "3"], ["-s", "new"], ["--hidden"]):
        result = papers("show", B, *option)
        assert result.exit_code == 2, option
        assert "no such option" in one_line(result.stderr)


def test_show_completion_takes_the_shell_either_way(papers, home: Home) -> None:
    for argv in (["--show-completion", "zsh"], ["--show-completion=zsh"]):
        result = papers(*argv)
        assert result.exit_code == 0, (argv, result.stderr)
        assert result.stdout.startswith("#compdef papers")
        assert "complete_zsh" in result.stdout and "complete_bash" not in result.stdout
    fish = papers("--show-completion=fish")
    assert fish.exit_code == 0 and "complete_fish" in fish.stdout
    bad = papers("--show-completion=tcsh")
    assert bad.exit_code == 2 and "tcsh" in one_line(bad.stderr) and bad.stdout == ""


def test_top_level_help_shows_every_summary_whole_at_80_columns(papers, home: Home,
                                                                monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = papers("--help")
    assert result.exit_code == 0
    commands = result.stdout.split("Commands:", 1)[1]
    assert "..." not in commands
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    text = " ".join(result.stdout.split())
    assert "Organizations in the library and how many papers each has (no network)." in text
    assert "What's new since you last looked: papers matching your watches, once each." in text


def test_every_commands_help_fits_80_columns(papers, home: Home, monkeypatch) -> None:
    """`papers unhide --help` showed an example 82 columns wide, so on an 80-column
    terminal its last word wrapped onto a line of its own: every command's help, examples
    included, fits 80 columns."""
    from typer.main import get_command

    from papercli.cli.main import app
    from papercli.terminal import cell_width

    monkeypatch.setenv("COLUMNS", "80")
    root = get_command(app)
    names = [[name] for name in root.commands]  # type: ignore[attr-defined]
    names += [[name, sub] for name, group in root.commands.items()  # type: ignore[attr-defined]
              for sub in getattr(group, "commands", {})]
    wide = []
    for words in names:
        shown = papers(*words, "--help")
        assert shown.exit_code == 0, (words, shown.stderr)
        wide += [(" ".join(words), line) for line in shown.stdout.splitlines()
                 if cell_width(line) > 80]
    assert len(names) > 30 and wide == []


# -- 11. family completion in any case ----------------------------------------------------


def test_family_completion_takes_any_case(papers, home: Home) -> None:
    def offered(line: str) -> list[str]:
        words = line.split(" ")
        result = papers(env={"_PAPERS_COMPLETE": "complete_bash", "COMP_WORDS": line,
                             "COMP_CWORD": str(len(words) - 1)})
        assert result.exit_code == 0 and result.stderr == ""
        return result.stdout.split()

    assert {"LLaMA", "LLaVA"} <= set(offered("papers today --family Ll"))  # (not LlaMA)
    assert {"LLaMA", "LLaVA"} <= set(offered("papers today --family ll"))
    assert {"LLaMA", "LLaVA"} <= set(offered("papers today --family LL"))
    assert offered("papers today --family Zz") == []


# -- 13. new with nothing new says so once ----------------------------------------------


def test_new_with_nothing_new_says_so_once_on_stderr(papers, seeded_hub: HubServer) -> None:
    assert papers("watch", "add", "llava", "--family", "LLaVA").exit_code == 0
    assert papers("new").exit_code == 0
    again = papers("new")
    assert again.exit_code == 0, again.stderr
    assert again.stdout == ""
    assert "nothing new" in one_line(again.stderr)
    assert json.loads(papers("new", "--json").stdout) == []  # a document is still one


# -- 15. CSV has what JSON has ----------------------------------------------------------


def test_csv_has_the_json_fields(papers, seeded_hub: HubServer) -> None:
    item = json.loads(json.dumps(seed_items()[0]))
    item["paper"].update(ai_summary="=HYPERLINK(\"x\") sums it up", githubStars=1234,
                         organization={"name": "acme", "fullname": "Acme Labs"},
                         submittedOnDailyBy={"user": "alice", "fullname": "Alice"})
    first = item["paper"]["authors"][0]
    first["user"] = {"user": "first_author", "fullname": "First Author"}
    seeded_hub.set_day(TODAY, [item_for_day(item, TODAY)])
    result = papers("today", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    (row,) = list(csv.DictReader(io.StringIO(result.stdout)))
    data = json.loads(papers("today", "--json").stdout)[0]
    assert row["github_stars"] == "1234" == str(data["github_stars"])
    # One cell a spreadsheet reads, the display name: it was the Python repr of JSON's
    # object ("{'name': 'acme', 'fullname': 'Acme Labs'}").
    assert data["organization"] == {"name": "acme", "fullname": "Acme Labs"}
    assert row["organization"] == "Acme Labs"
    assert row["submitter"] == str(data["submitter"]) and row["submitter"]
    # Every field of the JSON contract is a column (arXiv's, `sources`, the link counts
    # were missing); the older columns keep their places, tags and note after them.
    assert set(data) <= set(row)
    assert list(row)[:21] == [
        "id", "title", "authors", "published_at", "submitted_at", "upvotes", "comments",
        "families", "url", "arxiv_url", "pdf_url", "github_repo", "project_page",
        "ai_keywords", "summary", "ai_summary", "github_stars", "organization", "submitter",
        "tags", "note"]
    assert row["sources"] == "; ".join(data["sources"]) == "hf"
    assert row["author_accounts"] == f"{first['name']} (@first_author)"  # (as show says it)
    assert row["ai_summary"] == "'" + data["ai_summary"]  # a formula is defused


# -- 16. watch list counts as the listings filter ------------------------------------------


def test_watch_list_counts_what_the_same_filter_lists(papers, home: Home, tmp_path) -> None:
    items = []
    for n, (names, title) in enumerate([
            (["José Müller", "Ann Lee"], "LLaVA quantization study"),
            (["Jose Muller"], "Quantized LLMs, quantization-aware"),
            (["Kaleen Smith"], "A survey of LLaVA"),
            (['Bob "The" Builder'], "Nothing relevant"),
            (["Zoë Ng"], "Quantizing vision-language models")]):
        item = json.loads(json.dumps(seed_items()[n]))
        item["paper"]["authors"] = [{"name": a} for a in names]
        item["paper"]["title"] = title
        item["paper"]["summary"] = title
        item["paper"]["ai_keywords"] = []
        items.append(item)
    src = tmp_path / "authors.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    watches = {"jose": ["--author", "jose"], "muller": ["--author", "MÜLLER"],
               "lee": ["--author", "lee", "--exclude", "survey"],
               "quant": ["--keyword", "quantization"], "quantp": ["--keyword", "quantiz*"],
               "vl": ["--keyword", "vision language"], "zoe": ["--author", "zoe"],
               "bob": ["--author", '"The"']}
    for name, words in watches.items():
        assert papers("watch", "add", name, *words).exit_code == 0, name
    counts = {w["name"]: w["papers"] for w in json.loads(papers("watch", "list", "--json").stdout)}
    for name, words in watches.items():
        listed = json.loads(papers("search", "-n", "0", "--json", *words).stdout)
        assert counts[name] == len(listed), name
    # Kaleen matches "lee" too, but is a survey
    assert counts["jose"] == 2 and counts["lee"] == 1 and counts["zoe"] == 1


def test_show_names_the_first_authors_of_a_long_list(papers, hub: HubServer,
                                                     monkeypatch) -> None:
    """A paper with 40 authors (DeepSeek-R1 has 200): the panel names the first twelve and
    says how many more, so the abstract stays on the first screen; JSON keeps them all."""
    item = item_for_day(seed_items()[0], TODAY)
    names = [f"Author Number{n:02d}" for n in range(40)]
    item["paper"]["authors"] = [{"name": n} for n in names]
    hub.set_day(TODAY, [item])
    pid = item["paper"]["id"]
    assert papers("today").exit_code == 0
    for columns in ("80", "200"):
        monkeypatch.setenv("COLUMNS", columns)
        shown = papers("show", pid)
        assert shown.exit_code == 0, shown.stderr
        flat = " ".join(shown.stdout.replace("│", " ").split())
        assert ", ".join(names[:12]) + " and 28 more" in flat
        assert names[12] not in shown.stdout
        assert len(shown.stdout.splitlines()) < 40
    data = json.loads(papers("show", pid, "--json").stdout)
    assert data["authors"] == names


def test_show_never_breaks_a_label_from_its_value(papers, hub: HubServer,
                                                  monkeypatch) -> None:
    """The panel's dates, upvotes and comments line, and your marks: at any width each
    pair ("▲ 163", "Daily Papers 2026-11-25", "✓ read 2026-11-25") stays on one line, the
    next pair starting a new one (at 50 columns "▲" ended one line and "163" began the
    next)."""
    item = item_for_day(seed_items()[0], TODAY)
    item["paper"]["upvotes"] = 163
    item["numComments"] = 12
    hub.set_day(TODAY, [item])
    pid = item["paper"]["id"]
    assert papers("today").exit_code == 0
    assert papers("star", pid).exit_code == 0 and papers("read", pid).exit_code == 0
    day = TODAY.isoformat()
    for columns in range(30, 101, 5):
        monkeypatch.setenv("COLUMNS", str(columns))
        shown = papers("show", pid)
        assert shown.exit_code == 0, shown.stderr
        lines = [line.strip("│ ") for line in shown.stdout.splitlines()]
        text = "\n".join(lines)
        for pair in ("▲ 163", "comments 12", f"Daily Papers {day}", f"★ starred {day}",
                     f"✓ read {day}"):
            assert pair in text, (columns, text)
        assert all(len(line) <= columns for line in shown.stdout.splitlines())


def test_show_gives_a_long_title_whole(papers, hub: HubServer, monkeypatch) -> None:
    """A title too long for the panel's border opens the panel's body instead, wrapped
    whole (the border would cut its end off); one that fits stays in the border."""
    item = item_for_day(seed_items()[0], TODAY)
    title = ("Encouraging Long Invented Reasoning Skills in Made-up Language Models via "
             "Reinforcement Learning with Invented Rewards Endword")
    item["paper"]["title"] = title
    hub.set_day(TODAY, [item])
    pid = item["paper"]["id"]
    assert papers("today").exit_code == 0
    monkeypatch.setenv("COLUMNS", "80")
    narrow = papers("show", pid)
    assert narrow.exit_code == 0, narrow.stderr
    lines = narrow.stdout.splitlines()
    assert "Encouraging" not in lines[0]
    flat = " ".join(" ".join(lines[1:4]).replace("│", " ").split())
    assert flat.startswith(title)
    monkeypatch.setenv("COLUMNS", "200")  # (the panel stays 100 wide: too narrow still)
    wide = papers("show", pid).stdout.splitlines()
    assert len(wide[0]) == 100 and "Encouraging" not in wide[0]
    assert " ".join(" ".join(wide[1:3]).replace("│", " ").split()).startswith(title)
    item["paper"]["title"] = title[:80]  # one that fits the border stays in it
    hub.set_day(TODAY, [item])
    assert papers("today", "--refresh").exit_code == 0
    fits = papers("show", pid, "--refresh").stdout.splitlines()
    assert f"─ {title[:80]} ─" in fits[0]


def test_show_cuts_a_long_link_rather_than_breaking_it(papers, hub: HubServer,
                                                       monkeypatch) -> None:
    """A link longer than the panel's line (the Hub's thumbnail URL is 84 characters) is
    cut with an ellipsis on its one line, not broken over two, in its middle so that the
    paper's file name stays; wide enough, it is whole; JSON always has it whole."""
    item = item_for_day(seed_items()[0], TODAY)
    pid = item["paper"]["id"]
    url = f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{pid}.png"
    item["thumbnail"] = url
    hub.set_day(TODAY, [item])
    assert papers("today").exit_code == 0
    monkeypatch.setenv("COLUMNS", "80")
    narrow = papers("show", pid)
    assert narrow.exit_code == 0, narrow.stderr
    (row,) = [line for line in narrow.stdout.splitlines() if "Image" in line]
    shown = row.rstrip(" │").split()[-1]
    assert shown.startswith("https://cdn-thumbnails.huggingface.co/") and "…" in shown
    assert shown.endswith(f"/{pid}.png") and len(row) == 80 and url not in narrow.stdout
    monkeypatch.setenv("COLUMNS", "200")
    wide = papers("show", pid)
    (row,) = [line for line in wide.stdout.splitlines() if "Image" in line]
    assert url in row
    assert json.loads(papers("show", pid, "--json").stdout)["thumbnail"] == url


# -- Ctrl-C at a question -----------------------------------------------------------------

MANY = [f"2607.{n:05d}" for n in range(10001, 10026)]  # more tabs than open opens unasked


def test_ctrl_c_at_a_question_starts_its_own_line(library, browser) -> None:
    """Ctrl-C at "Open 25 browser tabs? [y/N]" put the error after the question, on its
    line ("[y/N] ^Cpapers: error: interrupted"); now the error starts a line of its own."""
    typed: list[bytes] = []
    pids: list[int] = []

    def reply(screen: bytes) -> bytes | None:
        if b"[y/N]" in screen and not typed:
            until_waiting(pids[0])  # at the question, not on its way to it
            typed.append(b"\x03")  # Ctrl-C, as the terminal sends it
            return typed[-1]
        return None

    shown = on_terminal(["open", *MANY, "--offline"], reply=reply, controlling=True,
                        started=pids.append)
    assert typed, shown.screen
    assert shown.code == 130, shown.screen
    lines = shown.screen.decode().replace("\r", "").split("\n")
    assert "papers: error: interrupted" in lines, lines
    assert not browser.exists()


@pytest.mark.parametrize(("signum", "code", "said"), [
    (signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")])
def test_a_signal_the_waiting_question_did_not_see_still_ends_it(
        library, browser, tmp_path: Path, signum: int, code: int, said: str) -> None:
    """Ctrl-C just as "Open 25 browser tabs? [y/N]" showed (CI, two busy cores): papers
    hung at "[y/N] ^C" until killed 60 s later. The signal had landed after Python last
    looked for one and before the read of the answer began; its handler set a flag for
    later, and the read waited for a line the terminal had dropped with the ^C. Now the
    question waits in select(), which a signal wakes whenever it came (set_wakeup_fd)."""
    path = signals_taken_elsewhere(tmp_path / "site")  # (see conftest)
    pids: list[int] = []
    sent: list[bool] = []

    def reply(screen: bytes) -> bytes | None:
        if b"[y/N]" not in screen or sent:
            return None
        until_waiting(pids[0])  # (waiting for the answer: no check of the flag to come)
        sent.append(True)
        if signum == signal.SIGINT:
            return b"\x03"  # Ctrl-C typed: the terminal sends SIGINT to papers
        os.kill(pids[0], signum)
        return None

    shown = on_terminal(["open", *MANY, "--offline"], reply=reply, controlling=True,
                        started=pids.append, env={"PYTHONPATH": path})
    assert sent, shown.screen
    assert shown.code == code, shown.screen  # (was -9: killed at the deadline)
    lines = shown.screen.decode().replace("\r", "").split("\n")
    assert f"papers: error: {said}" in lines, lines
    assert not browser.exists()
