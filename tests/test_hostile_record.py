"""A record must be the one asked for: a Hub (or a proxy or cache in front of it) answering
`/api/papers/ID` with another paper's record is one clear error, exit 1, and nothing of the
unrequested paper is stored, in the library or the reading list."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path

import pytest

from conftest import Home, one_line
from hubserver import HubServer, seed_items

ASKED = "2502.00001"  # on the Hub, not in the library
SWAPPED = "2502.00002"  # what the Hub answers with instead; nowhere else


def paper(pid: str, title: str) -> dict[str, object]:
    out = copy.deepcopy(seed_items()[0]["paper"])
    out.update(id=pid, title=title)
    return out


@pytest.fixture
def swapping_hub(hub: HubServer, papers, tmp_path: Path) -> HubServer:
    """The 19 seed papers in the library; the Hub serves SWAPPED's record for ASKED."""
    src = tmp_path / "seed.json"
    src.write_text(json.dumps(seed_items()), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    hub.state.papers[ASKED] = paper(SWAPPED, "An unrequested paper")
    return hub


def library_ids(home: Home) -> set[str]:
    with sqlite3.connect(home.library) as conn:
        return {r[0] for r in conn.execute("SELECT id FROM papers")}


def library_holds(home: Home, text: str) -> bool:
    """Whether any text column of any row of library.db mentions `text`."""
    with sqlite3.connect(home.library) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                if any(isinstance(v, str) and text in v for v in row):
                    return True
    return False


def user_db_holds(home: Home, text: str) -> bool:
    path = home.data / "papercli" / "user.db"
    return path.exists() and text.encode() in path.read_bytes()


SAID = f"the Hub answered {ASKED} with a record for {SWAPPED}; nothing was stored"


@pytest.mark.parametrize("command", [["show", ASKED], ["show", ASKED, "--json"],
                                     ["star", ASKED], ["related", ASKED]])
def test_another_papers_record_is_refused(swapping_hub: HubServer, papers, home: Home,
                                          command: list[str]) -> None:
    before = library_ids(home)
    result = papers(*command)
    assert result.exit_code == 1, result.stderr
    line = one_line(result.stderr)
    assert SAID in line
    assert "unexpected" not in line and "report" not in line
    assert result.stdout == ""
    assert swapping_hub.count(f"/api/papers/{ASKED}") >= 1  # it was asked, and answered
    assert library_ids(home) == before
    assert not library_holds(home, SWAPPED) and not library_holds(home, "unrequested")
    assert not user_db_holds(home, SWAPPED) and not user_db_holds(home, ASKED)


def test_read_marks_the_id_asked_for_and_stores_no_record(swapping_hub: HubServer, papers,
                                                          home: Home) -> None:
    # `read` only checks that an id exists; an answer it cannot use leaves it unchecked
    # (marked, with a warning), and the other paper's record is not kept.
    result = papers("read", ASKED)
    assert result.exit_code == 0, result.stderr
    assert f"not in the library yet, marked anyway: papers show {ASKED}" in result.stderr
    assert not library_holds(home, SWAPPED) and not user_db_holds(home, SWAPPED)


def test_star_of_several_stars_the_rest_when_one_is_swapped(swapping_hub: HubServer, papers,
                                                            home: Home) -> None:
    """As `star` of an unknown id among others: the others are starred, the swapped one
    named after them (exit 1), and its record, the other paper's, is kept nowhere."""
    result = papers("star", "2401.01055", ASKED)
    assert result.exit_code == 1
    said, error = result.stderr.splitlines()
    assert said == "papers: starred 1 paper" and SAID in error
    starred = papers("starred", "--json")
    assert starred.exit_code == 0 and starred.ids == ["2401.01055"]
    assert not user_db_holds(home, SWAPPED) and not user_db_holds(home, ASKED)


def test_a_swap_for_a_paper_in_the_library_keeps_the_librarys_copy(
        swapping_hub: HubServer, papers, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    # 2401.01055 is in the library from a listing (no detail yet), so it is fetched: a swapped
    # answer is a stale fetch, the library's copy is shown with the reason, nothing stored.
    swapping_hub.state.papers["2401.01055"] = paper(SWAPPED, "An unrequested paper")
    result = papers("show", "2401.01055", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "2401.01055"
    # (in 80 columns; the whole reason with PAPERS_DEBUG)
    assert result.stderr == "papers: warning: the Hub sent a bad answer; showing the cached copy\n"
    assert not library_holds(home, SWAPPED)
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    whole = papers("show", "2401.01055", "--json", "--refresh")
    assert whole.exit_code == 0 and SAID.replace(ASKED, "2401.01055") in whole.stderr
    assert not library_holds(home, SWAPPED)


def test_the_right_record_is_still_stored(swapping_hub: HubServer, papers, home: Home) -> None:
    swapping_hub.state.papers[ASKED] = paper(ASKED, "The paper asked for")
    result = papers("show", ASKED, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "The paper asked for"
    assert ASKED in library_ids(home)
