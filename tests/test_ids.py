"""Several ids at once (show, open), unknown ids named as errors (read, star, show), and
counts said right ("1 paper", "1 file")."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from arxivserver import ArxivServer
from conftest import Home, one_line, run_process
from hubserver import HubServer, seed_items
from papercli.terminal import cell_width

SEED = {i["paper"]["id"]: i for i in seed_items()}
UNKNOWN = "2412.99999"
UNKNOWN_2 = "2412.99998"


def named(*ids: str) -> str:
    """The error line for several new-style ids the Hub lacks while arXiv is out of
    reach (its endpoint, set by ARXIV_API_ENDPOINT, refusing the connection): the ids
    named as far as they fit beside the variable that refused, the rest counted ("2 ids
    not on the Hub; $ARXIV_API_ENDPOINT refused — check it" named none of them)."""
    shown = ", ".join(ids) if len(ids) == 2 else f"{ids[0]} and {len(ids) - 1} more"
    line = f"papers: error: not on the Hub: {shown}; ARXIV_API_ENDPOINT refused"
    if cell_width(line) <= 80:  # (else said shorter)
        return line
    return f"papers: error: the Hub lacks {shown}; ARXIV_API_ENDPOINT refused"


def one_named(pid: str) -> str:
    """The error line for one such id, with what to do, which several ids leave no room
    for (it said what failed and nothing to do): "unknown: {pid}; …" read as if arXiv had
    said it has no such paper, when it was never asked."""
    return f"papers: error: not on the Hub: {pid}; ARXIV_API_ENDPOINT refused — check it"


def starred_ids(papers) -> list[str]:  # type: ignore[no-untyped-def]
    result = papers("starred", "--json")
    assert result.exit_code == 0, result.stderr
    return [p["id"] for p in json.loads(result.stdout)]


def test_show_takes_several_ids(library) -> None:
    result = library("show", "2401.01055", "2404.14047", "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    assert [p["id"] for p in json.loads(result.stdout)] == ["2401.01055", "2404.14047"]
    one = library("show", "2401.01055", "--offline", "--json")
    assert json.loads(one.stdout)["id"] == "2401.01055"  # one id: one object, as before
    table = library("show", "2401.01055", "arxiv:2404.14047", "2401.01055", "--offline")
    assert table.exit_code == 0, table.stderr
    assert table.stdout.count(SEED["2401.01055"]["paper"]["title"][:40]) == 1  # once each
    assert SEED["2404.14047"]["paper"]["title"][:40] in table.stdout


def test_show_several_ids_as_a_document(library, tmp_path: Path) -> None:
    target = tmp_path / "two.bib"
    result = library("show", "2401.01055", "2404.14047", "--offline", "-f", "bibtex",
                     "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").count("@misc{") == 2
    assert "wrote 2 papers" in result.stderr


def test_show_shows_what_it_can_and_names_every_unknown_id(library, hub: HubServer) -> None:
    """`show A B C` with B and C unknown showed nothing; now, as `star`, `tag`, `read`
    and `hide` do what they can (and gh and git), A is shown and B and C are named after
    it, exit 1; --json is still a list (of those found), a valid document."""
    result = library("show", "2401.01055", UNKNOWN, UNKNOWN_2)
    assert result.exit_code == 1
    assert "2401.01055" in result.stdout
    line = one_line(result.stderr)
    # (with why, not "not on the Hub: A, B — try later", which left out what one id's
    # error says; and what to do, for which naming both leaves no room)
    assert line == named(UNKNOWN, UNKNOWN_2)
    assert "2401.01055" not in line
    data = library("show", UNKNOWN, "2401.01055", "--json")
    assert data.exit_code == 1 and [p["id"] for p in json.loads(data.stdout)] == ["2401.01055"]
    assert one_line(data.stderr) == one_named(UNKNOWN)
    none = library("show", UNKNOWN, UNKNOWN_2, "--json")  # (nothing had: the error alone)
    assert none.exit_code == 1 and none.stdout == ""
    assert one_line(none.stderr) == named(UNKNOWN, UNKNOWN_2)


@pytest.mark.parametrize("command", ["show", "star", "tag"])
def test_several_unknown_ids_say_that_arxiv_could_not_be_asked(library, hub: HubServer,
                                                               command: str) -> None:
    """Ids on neither the library nor the Hub, arXiv unreachable: "check the ids" alone
    (as if arXiv had none of them either); now it says arXiv could not be asked, as the
    error for one id does. An id arXiv's own rules refuse (no month 99) was not asked."""
    single = one_line(library("show", UNKNOWN).stderr)
    assert single == one_named(UNKNOWN)
    tag = ["robotics"] if command == "tag" else []
    result = library(command, UNKNOWN, UNKNOWN_2, *tag)
    assert result.exit_code == 1
    line = one_line(result.stderr)
    # (in 80 columns: "not in the library or on the Hub: 2412.99999, 2412.99998 — arXiv
    # did not answer; try later" made 107, ten ids 214; "2 ids not on the Hub; …" named
    # none of them: "the Hub lacks" makes room for both and the variable that refused)
    assert line == named(UNKNOWN, UNKNOWN_2), line
    # (an old-style id first, longer: both still named, how arXiv failed said shorter)
    mixed = one_line(library(command, "hep-th/9901001", UNKNOWN, *tag).stderr)
    assert mixed == (f"papers: error: not on the Hub: hep-th/9901001, {UNKNOWN}; arXiv "
                     "refused"), mixed


@pytest.mark.parametrize("command", ["star", "read", "hide"])
def test_several_unknown_ids_say_why_and_what_to_do_when_arxiv_cannot_be_asked(
        library, hub: HubServer, command: str) -> None:
    """`star A B C` with B and C unknown, arXiv out of reach, said "2 ids not on the Hub;
    arXiv did not answer — try later" of a refused connection; then named the ids with
    "$ARXIV_API_ENDPOINT refused" and no advice, which the one id found (A) dropped as
    well; then counted them all ("2 ids not on the Hub"). Now the ids are named as far
    as they fit beside why, the rest counted, on the line after what was done to the
    known one."""
    result = library(command, "2401.01055", UNKNOWN, UNKNOWN_2)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:] == [named(UNKNOWN, UNKNOWN_2)]
    assert library(command, "2401.01055", UNKNOWN).stderr.splitlines()[1:] == [
        one_named(UNKNOWN)]
    three = [UNKNOWN, UNKNOWN_2, "2412.99997"]
    assert one_line(library(command, *three).stderr) == named(*three)
    eleven = [f"2412.999{n:02d}" for n in range(11)]
    line = one_line(library(command, *eleven).stderr)
    assert line == named(*eleven), line
    assert cell_width(line) <= 80


@pytest.mark.parametrize(("command", "count"), [
    *((command, count) for command in ("star", "read", "hide", "show", "search")
      for count in (1, 2, 3, 20)), ("note", 1)])
def test_ids_arxiv_could_not_be_asked_about_are_named_in_80_columns(
        library, hub: HubServer, command: str, count: int) -> None:
    """README: the error names such ids, "as many as fit its one line, the rest counted";
    it said "2 ids not on the Hub; $ARXIV_API_ENDPOINT refused — check it", naming none,
    and one id "unknown: 2608.99999; …", as if arXiv had said it has no such paper, when
    it was never asked (its endpoint refused the connection). `search` warns alike."""
    ids = [f"2608.{99999 - n}" for n in range(count)]
    args = {"note": [*ids, "-m", "a note"], "search": [" ".join(ids)]}.get(command, ids)
    done = library(command, *args)
    assert (done.exit_code, done.stdout) == (1, "")
    line = done.stderr.splitlines()[0]
    assert all(cell_width(said) <= 80 for said in done.stderr.splitlines()), done.stderr
    assert line.startswith("papers: warning: " if command == "search" else "papers: error: ")
    assert "unknown" not in line and " ids not on the Hub" not in line, line
    assert " refused" in line and "did not answer" not in line, line
    shown = [pid for pid in ids if pid in line]
    assert shown == ids[:len(shown)] and len(shown) >= (count if count <= 2 else 1), line
    if len(shown) < count:  # (the rest counted)
        assert f" and {count - len(shown)} more;" in line, line


def test_related_ranks_by_the_ids_it_has_and_warns_of_the_rest(library,
                                                                hub: HubServer) -> None:
    """`related A B C` with A and C unknown failed as a whole; now it ranks by B, warns
    of A and C (named together, as `show` names them), and fails only when it has none
    of them."""
    result = library("related", UNKNOWN, "2401.01055", UNKNOWN_2, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(library("related", "2401.01055",
                                                           "--json").stdout)
    warning = one_line(result.stderr)  # (in a warning's 80 columns)
    assert warning == (f"papers: warning: not on the Hub: {UNKNOWN}, {UNKNOWN_2}; arXiv "
                       "refused"), warning
    none = library("related", UNKNOWN, UNKNOWN_2)
    assert none.exit_code == 1 and none.stdout == ""
    assert one_line(none.stderr) == named(UNKNOWN, UNKNOWN_2)
    one = library("related", UNKNOWN)
    assert one_line(one.stderr) == one_line(library("show", UNKNOWN).stderr)


def test_read_of_an_unknown_id_is_an_error_naming_it(library, hub: HubServer) -> None:
    """The known paper is marked all the same (as `tag` marks what it can), the unknown
    id named after it, exit 1."""
    result = library("read", "2401.01055", UNKNOWN)
    assert result.exit_code == 1
    said, line = result.stderr.splitlines()
    assert said == "papers: marked 1 paper read"
    assert UNKNOWN in line and "2401.01055" not in line and line.startswith("papers: error:")
    again = library("read", "2401.01055")
    assert again.exit_code == 0, again.stderr
    assert one_line(again.stderr) == "papers: marked 0 papers read (2401.01055 already read)"


def test_read_asks_the_hub_only_for_ids_the_library_lacks(library, hub: HubServer) -> None:
    paper = json.loads(json.dumps(SEED["2401.01055"]["paper"]))
    paper["id"] = "2412.00001"
    hub.add_paper(paper)
    hub.reset_log()
    result = library("read", "2404.14047", "2412.00001")
    assert result.exit_code == 0, result.stderr
    assert one_line(result.stderr) == "papers: marked 2 papers read"
    asked = [r.path for r in hub.requests]
    assert asked == ["/api/papers/2412.00001"]


def test_read_marks_what_it_cannot_check_with_a_warning(library) -> None:
    """Said as `tag` and `note` say it (read said "could not check ID on the Hub
    (offline); marked anyway", 81 columns when the Hub did not answer)."""
    for extra in (("--offline",), ()):  # offline, and a Hub that does not answer
        result = library("read", UNKNOWN, *extra)
        assert result.exit_code == 0, result.stderr
        warning, note = result.stderr.strip().splitlines()
        assert warning == (f"papers: warning: not in the library yet, marked anyway: papers "
                           f"show {UNKNOWN}")
        assert note == "papers: marked 1 paper read"
        # (taken back: one already read is not checked again, `test_marks_again`)
        assert library("read", "--unread", UNKNOWN).exit_code == 0


def test_one_unknown_id_gets_the_hubs_own_message(library, hub: HubServer) -> None:
    result = library("read", UNKNOWN)
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert line == one_named(UNKNOWN), line


@pytest.mark.parametrize("fault", ["500", "refused"])
@pytest.mark.parametrize("command", ["show", "related", "open"])
def test_with_the_hub_failing_for_one_id_the_others_are_done(
        library, hub: HubServer, monkeypatch: pytest.MonkeyPatch, fault: str,
        command: str) -> None:
    """`show A B`, `related A B` and `open A B --code`, A's record had and the Hub failing
    for B (a loopback Hub answering 500, or a port that refuses), failed as a whole with
    the Hub's error: A was not shown, ranked by or opened. Now it is, and B is named (by
    `related` warned of, before its list) with what failed, as `star` names it."""
    monkeypatch.setenv("PAPERS_RETRIES", "0")
    paper = {**seed_items()[0]["paper"], "githubRepo": "https://github.com/example/coded"}
    hub.add_paper(paper)
    known = paper["id"]
    assert library("show", known).exit_code == 0  # (its page's record, kept)
    if fault == "500":
        hub.fail("500", path=f"/api/papers/{UNKNOWN}")
    else:
        monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    args = {"show": ["show", known, UNKNOWN, "-q"],
            "related": ["related", known, UNKNOWN, "-q"],
            "open": ["open", known, UNKNOWN, "--code", "-n"]}[command]
    result = library(*args)
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr and all(cell_width(x) <= 80 for x in lines)
    why = "(the Hub answered" if fault == "500" else "(the Hub refused)"
    if command == "related":
        assert result.exit_code == 0 and result.stdout, result.stderr
        assert lines[0].startswith(f"papers: warning: not used: {UNKNOWN} {why}"), lines
        return
    assert result.exit_code == 1
    assert result.stdout.split() == ([known] if command == "show"
                                     else ["https://github.com/example/coded"])
    done = "shown" if command == "show" else "opened"
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"papers: error: not {done}: {UNKNOWN} {why}"), lines


def test_unread_needs_no_check(library) -> None:
    result = library("read", "--unread", UNKNOWN)
    assert result.exit_code == 0, result.stderr
    assert one_line(result.stderr) == (
        f"papers: marked 0 papers unread ({UNKNOWN} was not marked read)")
    two = library("read", "--unread", UNKNOWN, "2401.99998")
    assert one_line(two.stderr) == (
        f"papers: marked 0 papers unread ({UNKNOWN}, 2401.99998 were not marked read)")


def test_star_names_every_unknown_id_and_stars_the_rest(library, hub: HubServer) -> None:
    """`star` was all or nothing where `tag`, `read` and `hide` were not: now each acts
    on what it can, names the rest after it, and exits 1."""
    result = library("star", UNKNOWN, "2401.01055", UNKNOWN_2)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["papers: starred 1 paper",
                                          named(UNKNOWN, UNKNOWN_2)]
    assert starred_ids(library) == ["2401.01055"]
    none = library("star", UNKNOWN, UNKNOWN_2)  # (nothing done: the error alone)
    assert none.exit_code == 1 and one_line(none.stderr) == named(UNKNOWN, UNKNOWN_2)


def test_with_the_hub_down_every_command_that_marks_acts_on_what_it_can(library) -> None:
    """`star A B`, A in the library and B not, with the Hub out of reach, starred
    nothing (the Hub's error alone, naming no id), while `tag`, `read` and `hide` marked
    both and warned of B: one policy now. A star needs B's record, so B is not starred
    and named after what was done, with what to do, exit 1; a mark needs none, so B is
    marked with the warning, as before."""
    result = library("star", "2401.01055", UNKNOWN, UNKNOWN_2)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "papers: starred 1 paper",
        # (counted: both named, and what to do, made 90 columns)
        "papers: error: not starred: 2 papers (the Hub refused) — check HF_ENDPOINT"]
    assert starred_ids(library) == ["2401.01055"]
    alone = library("star", UNKNOWN)  # (nothing starred: the error alone)
    assert alone.exit_code == 1 and one_line(alone.stderr) == (
        f"papers: error: not starred: {UNKNOWN} (the Hub refused) — check HF_ENDPOINT")
    for command, done, said in (("tag", "tagged", "papers: tagged 2 papers: to-read"),
                                ("read", "marked", "papers: marked 2 papers read"),
                                ("hide", "hidden", "papers: hid 2 papers")):
        args = ("to-read",) if command == "tag" else ()
        marked = library(command, "2404.14047", UNKNOWN, *args)
        assert marked.exit_code == 0, marked.stderr
        assert marked.stderr.splitlines() == [
            f"papers: warning: not in the library yet, {done} anyway: papers show {UNKNOWN}",
            said]


def fake_browser(tmp_path: Path) -> tuple[str, Path]:
    log = tmp_path / "opened.txt"
    script = tmp_path / "browser.py"
    script.write_text(
        f"import sys\nopen({str(log)!r}, 'a').write(sys.argv[1] + '\\n')\n", encoding="utf-8")
    return f"{sys.executable} {script} %s", log


def test_open_takes_several_ids(library, tmp_path: Path) -> None:
    browser, log = fake_browser(tmp_path)
    result = run_process("open", "2401.01055", "2404.14047", "--arxiv",
                         env_extra={"BROWSER": browser})
    assert result.returncode == 0, result.stderr
    assert log.read_text().splitlines() == ["https://arxiv.org/abs/2401.01055",
                                            "https://arxiv.org/abs/2404.14047"]
    assert result.stderr.count("papers: opened ") == 2


@pytest.mark.parametrize("flag", ["--no-browser", "-n"])
def test_open_no_browser_prints_the_urls(library, tmp_path: Path, flag: str) -> None:
    """gh browse's -n: the URLs on stdout, one a line, and the browser never started."""
    browser, log = fake_browser(tmp_path)
    result = run_process("open", "2401.01055", "2404.14047", "--pdf", flag,
                         env_extra={"BROWSER": browser})
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("https://arxiv.org/pdf/2401.01055\n"
                             "https://arxiv.org/pdf/2404.14047\n")
    assert result.stderr == "" and not log.exists()


def test_open_code_names_every_unknown_id(library, hub: HubServer) -> None:
    """--code needs each record: `open A B --code` with both unknown named only A; now
    both, as `show A B` does, and nothing is printed."""
    result = library("open", UNKNOWN, UNKNOWN_2, "--code", "-n")
    assert result.exit_code == 1 and result.stdout == ""
    line = one_line(result.stderr)
    assert line == named(UNKNOWN, UNKNOWN_2), line


def test_open_code_checks_every_id_and_says_each_kind_of_failure(library,
                                                                 hub: HubServer) -> None:
    """`open A B --code` with A known but without code stopped at A ("has no code link"),
    never naming the unknown B; then every id was looked at and one line, cut short,
    said it all. Now each kind of failure has its line, as for every command given
    several ids: the papers without the link, then those found nowhere."""
    result = library("open", "2401.01055", UNKNOWN, UNKNOWN_2, "--code", "-n")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "papers: error: 2401.01055 has no code link on the Hub — try without --code",
        named(UNKNOWN, UNKNOWN_2)]
    both = library("open", "2401.01055", "2404.14047", "--code", "-n")
    assert both.exit_code == 1 and both.stdout == ""
    assert one_line(both.stderr) == (
        "papers: error: no code link on the Hub for 2401.01055, 2404.14047")


def test_open_code_gives_the_unknown_ids_their_own_hint(
        library, hub: HubServer, arx: ArxivServer) -> None:  # type: ignore[no-untyped-def]
    """`open A B C --code` with A and B known but without code and C on neither the Hub
    nor arXiv said "no code link: 2401.01055 and 1 more; unknown: 2412.99999", without
    the "— check the id" C alone gets; now C's line is the one it gets alone."""
    alone = one_line(library("open", UNKNOWN, "--code", "-n").stderr)
    assert alone.endswith(" — check the id"), alone
    result = library("open", "2401.01055", "2404.14047", UNKNOWN, "--code", "-n")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "papers: error: no code link on the Hub for 2401.01055, 2404.14047", alone]
    two = library("open", "2401.01055", "2404.14047", UNKNOWN, UNKNOWN_2, "--code",
                  "-n").stderr.splitlines()
    assert len(two) == 2 and two[1].endswith(" — check the ids"), two
    assert all(cell_width(line) <= 80 for line in two)


def test_import_says_one_file(papers, home: Home, tmp_path: Path) -> None:
    src = tmp_path / "one.json"
    src.write_text(json.dumps([seed_items()[0]]), encoding="utf-8")
    result = papers("import", str(src))
    assert result.exit_code == 0, result.stderr
    line = one_line(result.stderr)
    assert "read 1 paper from 1 file:" in line
    assert "(s)" not in line


DOI_FORMS = ["10.48550/arXiv.2404.14047", "https://doi.org/10.48550/arXiv.2404.14047",
             "doi:10.48550/ARXIV.2404.14047", "dx.doi.org/10.48550/arxiv.2404.14047",
             "https://www.alphaxiv.org/overview/2404.14047",
             "HTTPS://arxiv.org/pdf/2404.14047v2.pdf"]


@pytest.mark.parametrize("form", DOI_FORMS)
def test_ids_as_citations_give_them(library, form: str) -> None:
    """arXiv's DOI (bare, `doi:`, a doi.org link), as a reference list gives it, was "not
    an arXiv id or paper URL" to every command; so were alphaXiv's overview page and a
    link whose scheme was in capitals. Now each is the paper, wherever ids go."""
    shown = library("show", form, "--offline", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout)["id"] == "2404.14047"
    piped = library("show", "-", "--offline", "-q", input=f"2401.01055 {form}\n")
    assert piped.exit_code == 0 and piped.stdout.split() == ["2401.01055", "2404.14047"]
    starred = library("star", form, "--offline")
    assert starred.exit_code == 0, starred.stderr
    assert starred_ids(library) == ["2404.14047"]
    tagged = library("tag", form, "robotics", "--offline")
    assert one_line(tagged.stderr) == "papers: tagged 1 paper: robotics"
    found = library("search", form, "--offline", "-q")
    assert found.exit_code == 0 and found.stdout == "2404.14047\n"
    opened = library("open", form, "--arxiv", "-n")  # (of the version in the link, if any)
    assert opened.stdout == f"https://arxiv.org/abs/2404.14047{'v2' * ('v2' in form)}\n"


@pytest.mark.parametrize("given, hint, said", [
    ("2404.14047,", "did you mean 2404.14047?", None),
    ("(arXiv:2404.14047).", "did you mean 2404.14047?",  # (81 columns as a paper id)
     "'(arXiv:2404.14047).' is not an id — did you mean 2404.14047?"),
    ("2401.01055,2404.14047", "separate the ids with spaces: 2401.01055 2404.14047",
     "'2401.01055…' is not an id — separate them: 2401.01055 2404.14047"),  # (97)
    ("2401.01055,2404.14047,2405.00001", "separate the ids with spaces: 2401.01055 2404.14047 "
     "2405.00001", "'2401.01055,2404.14…' is not an id — separate the ids with spaces"),  # (134)
    ("2401.01055\n2404.14047\n", "these ids came as one argument: leave the $(…) unquoted, "
                                  "or pipe them (… -q | papers COMMAND -)",
     "'2401.01…' is several ids — leave the $(…) unquoted, or pipe them"),  # (151)
])
def test_an_id_in_punctuation_is_named_in_the_hint(library, given: str, hint: str,
                                                    said: str | None) -> None:
    """`papers show 2401.01055, 2404.14047` (a list as prose writes it) was refused with
    "e.g. 2401.01055"; now the hint names the ids it holds (`said`: the line, in 80
    columns, where neither of the others fits)."""
    for command in ("show", "star", "tag"):
        result = library(command, given, *(["robotics"] if command == "tag" else []))
        assert result.exit_code == 2 and result.stdout == ""
        # (said as every id refused is: "not an arXiv id or paper URL" was this one's)
        whole = f"papers: error: {given!r} is not a paper id — {hint}"
        assert one_line(result.stderr) == (whole if said is None
                                           else f"papers: error: {said}")


@pytest.mark.parametrize("given, paper", [
    ("(arXiv:2404.14047).", "2404.14047"),
    ("(arXiv:2404.14047v12).", "2404.14047"),
    ("(arXiv:hep-th/9901001v12).", "hep-th/9901001"),
    ("(arXiv:cond-mat/9901001v12).", "cond-mat/9901001"),
    ("(https://arxiv.org/abs/2404.14047v12).", "2404.14047"),
])
@pytest.mark.parametrize("command", ["show", "read", "star", "open", "related"])
def test_an_id_in_a_citations_parentheses_is_said_in_80_columns(
        library, given: str, paper: str, command: str) -> None:
    """An id as a citation writes it, "(arXiv:2404.14047).", was said back whole with
    the id it holds, 81 to 100 columns with a version, an old-style id or a link: now
    the id in the hint whole, what was typed cut short where it must be: after the hint
    is said in fewer words ("try ID"), so that up to 26 characters are quoted whole."""
    result = library(command, given)
    assert result.exit_code == 2 and result.stdout == ""
    line = one_line(result.stderr)
    assert cell_width(line) <= 80, line
    quote, _, rest = line.removeprefix("papers: error: ").partition("' is not a")
    assert given.startswith(quote.removeprefix("'").removesuffix("…")), line
    assert len(given) > 26 or quote == f"'{given}", line
    assert rest.endswith((f" — did you mean {paper}?", f" — try {paper}")), line


def test_a_pasted_page_is_not_quoted_whole(library) -> None:
    """A page pasted in place of an id was quoted whole, and the error line, cut at 4,000
    characters, never reached its hint; now the quote is cut short and the hint shows."""
    for pasted in ("x" * 5000, "2401.01055 " * 500):
        result = library("show", pasted)
        assert result.exit_code == 2
        line = one_line(result.stderr)
        if pasted.startswith("x"):  # (cut to 60 characters, the line made 114 columns)
            assert line.startswith("papers: error: 'xxx") and cell_width(line) <= 80, line
            assert line.endswith(("…' is not a paper id — e.g. 2401.01055",
                                  "…' is not an id — e.g. 2401.01055")), line
        else:  # (the id it holds named in the hint: in 80 columns, the paste cut shorter,
            # the hint said briefer first)
            assert line == ("papers: error: '2401.01055 2401.01055 2401.01055…' is not an id "
                            "— try 2401.01055")
        assert len(line) < 200
    assert one_line(library("star", "x" * 5000).stderr).endswith("— e.g. 2401.01055")


@pytest.mark.parametrize("given", ["9" * 300, "a/" * 100, "é" * 300, "漢" * 90,
                                   "2401." + "0" * 70])
def test_a_long_mistyped_id_is_quoted_short_enough_to_fit(library, given: str) -> None:
    """An id long and wrong (digits, slashes, accents, wide characters) was quoted to 60
    characters beside its hint: 114 columns, wider for wide ones."""
    for command in ("show", "star", "related"):
        result = library(command, given)
        assert result.exit_code == 2 and result.stdout == ""
        line = one_line(result.stderr)
        assert cell_width(line) <= 80, line
        quote = line.removeprefix("papers: error: '").partition("…'")[0]
        assert quote and given.startswith(quote), line


def test_a_prefix_and_its_id_as_two_words_say_to_join_them(library) -> None:
    """`papers show arXiv: 2401.01055` (a citation's space) was told to search for
    "arXiv:" by its words; now the hint writes the id as one word."""
    result = library("show", "arXiv:", "2401.01055")
    assert result.exit_code == 2 and result.stdout == ""
    assert one_line(result.stderr) == ("papers: error: 'arXiv:' is not a paper id — write it "
                                       "without the space: arXiv:2401.01055")
    doi = one_line(library("star", "doi:", "10.48550/arXiv.2401.01055").stderr)
    assert doi.endswith("— write it without the space: doi:10.48550/arXiv.2401.01055")
    alone = one_line(library("show", "arXiv:").stderr)
    assert alone.endswith("— the id follows it without a space: arXiv:2401.01055")


@pytest.mark.parametrize("command", ["show", "star", "related", "open --code -n"])
def test_offline_every_id_the_library_lacks_is_named(library, command: str) -> None:
    """Offline, `show A B` with neither in the library named only A; now both, as the
    error online does (`star` stars the one it has, and says so first; `show` shows it,
    `related` ranks by it and warns of the others)."""
    known = [] if "--code" in command else ["2401.01055"]  # (it has no code link)
    result = library(*command.split(), UNKNOWN, *known, UNKNOWN_2, "--offline")
    lines = result.stderr.splitlines()
    if command == "related":  # (ranked by the one it has: the others warned of, first)
        assert result.exit_code == 0 and result.stdout, result.stderr
        assert lines[0] == (f"papers: warning: not in the local library: {UNKNOWN} and 1 "
                            "more — drop --offline")
        return
    assert result.exit_code == 1
    assert ("2401.01055" in result.stdout) == (command == "show"), result.stdout
    # (in 80 columns: "— run without --offline" made 89, three ids 101)
    assert lines[-1] == (
        f"papers: error: not in the local library: {UNKNOWN}, {UNKNOWN_2} — drop --offline")
    if command == "star":
        assert lines[0] == "papers: starred 1 paper"
    assert starred_ids(library) == (known if command == "star" else [])


def test_note_says_it_does_not_read_its_id_from_stdin(library) -> None:
    """`papers note -` (as `star -` reads ids) said "'-' is not an arXiv id ... e.g.
    2401.01055"; now it says that note takes the id itself."""
    result = library("note", "-", "-m", "x", input="2401.01055\n")
    assert result.exit_code == 2 and result.stdout == ""
    line = one_line(result.stderr)
    assert line == ("papers: error: this command does not read standard input — give the "
                    "id itself")  # (in 80 columns: it made 110)
    assert len(line) <= 80


# arXiv gave four digits after the dot to 1412 and five from 1501 on: an id with the other
# count (a digit lost in copying) is no paper, and was taken as one.
MISCOUNTED = [("2608.1988", "ids since 2015 have five digits after the dot"),
              ("1501.1234", "ids since 2015 have five digits after the dot"),
              ("1412.12345", "ids before 2015 have four digits after the dot")]


@pytest.mark.parametrize(("given", "why"), MISCOUNTED)
@pytest.mark.parametrize("command", ["show", "star"])
def test_an_id_with_a_digit_too_few_or_many_is_refused_saying_why(
        library, command: str, given: str, why: str) -> None:
    typed = library(command, given)
    assert (typed.exit_code, typed.stdout) == (2, "")
    assert one_line(typed.stderr) == f"papers: error: '{given}': {why}"
    piped = library(command, "-", input=f"2401.01055\n{given}\n")
    assert (piped.exit_code, piped.stdout) == (2, "")
    assert one_line(piped.stderr) == f"papers: error: '{given}': {why}"
    first = library(command, "-", input=f"{given} 2401.01055\n")  # not "not a paper id"
    assert one_line(first.stderr) == f"papers: error: '{given}': {why}"
    assert starred_ids(library) == []


# An id's YYMM is a year and a month, and ids of this form start in April 2007: a month 13
# or 00, or `0612.0001`, was taken as an id and asked of the Hub (then arXiv) in vain.
NO_SUCH_MONTH = [("2613.00001", "there is no month 13 (an id begins YYMM)"),
                 ("2600.00001", "there is no month 00 (an id begins YYMM)"),
                 ("0612.0001", "this form starts at 0704 (April 2007)"),
                 ("hep-th/9913001", "there is no month 13 (the digits begin YYMM)")]


@pytest.mark.parametrize(("given", "why"), NO_SUCH_MONTH)
@pytest.mark.parametrize("command", ["show", "hide"])
def test_an_id_whose_month_is_none_is_refused_saying_why(
        library, hub: HubServer, command: str, given: str, why: str) -> None:
    before = len(hub.requests)
    typed = library(command, given)
    assert (typed.exit_code, typed.stdout) == (2, "")
    line = one_line(typed.stderr)
    assert line == f"papers: error: '{given}': {why}" and len(line) <= 80
    assert len(hub.requests) == before  # refused before asking anyone


@pytest.mark.parametrize("pid", ["0704.0001", "1412.9999", "1501.00001", "2608.01988"])
def test_ids_with_their_months_count_of_digits_are_taken(pid: str) -> None:
    from papercli.models import is_valid_id, normalize_id

    assert is_valid_id(pid) and normalize_id(f"https://arxiv.org/abs/{pid}v2") == pid


def test_import_skips_and_counts_an_item_whose_id_is_a_digit_short(
        papers, tmp_path: Path) -> None:
    """Stored data is untrusted: the item is skipped, said why, and the rest imported."""
    good, short = seed_items()[0], json.loads(json.dumps(seed_items()[1]))
    short["paper"]["id"] = "2608.1988"
    src = tmp_path / "two.json"
    src.write_text(json.dumps([good, short]), encoding="utf-8")
    result = papers("import", str(src))
    assert result.exit_code == 0, result.stderr
    # (in 80 columns, the reason without its parenthesis; --json says it whole)
    assert result.stderr.splitlines()[0] == (
        "papers: warning: skipped 1 unusable item (item 2: bad id '2608.1988')")
    counts = json.loads(papers("import", str(src), "--json").stdout)
    assert counts["skipped_reasons"] == [
        "item 2: bad id '2608.1988' (ids since 2015 have five digits after the dot)"]
    assert "read 2 papers from 1 file: 1 new, 1 skipped" in result.stderr
    listed = papers("show", good["paper"]["id"], "--offline", "--json")
    assert json.loads(listed.stdout)["id"] == good["paper"]["id"]


def test_the_old_style_archives_are_the_taxonomys_archives_of_that_time() -> None:
    """`models` holds the archives old-style ids began with as a list (history: ids are
    read below the sources, which must not be asked); it must agree with arXiv's
    taxonomy: its archives without a dot, less those begun after March 2007, plus the
    merged ones."""
    from papercli.models import OLD_ID_ARCHIVES
    from papercli.sources.arxiv_taxonomy import LEGACY_ARCHIVES, NAMES

    then = {name for name in NAMES if "." not in name} - {"econ", "eess", "q-fin", "stat"}
    assert then | set(LEGACY_ARCHIVES) == OLD_ID_ARCHIVES
