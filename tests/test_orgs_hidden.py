"""`papers orgs` counts what `papers search --org NAME` lists: the papers you hid are left
out unless --hidden, as `papers families` counts (it counted them, and then said
"papers search --org X lists them" over fewer papers)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from conftest import Home, one_line
from papercli.models import Paper
from test_families import _counts

DAY = date(2026, 10, 14)
ORGS = {"acme": "Acme Research", "globex": "Globex Labs"}


def _library(home: Home) -> None:
    from papercli.session import Session

    session = Session.create(offline=True)
    try:
        listed = [Paper(id=f"2610.{i:05d}", title=f"Paper {i}", published_at=f"{DAY}T00:00:00Z",
                        submitted_at=f"{DAY}T08:00:00Z", org_name=org,
                        org_fullname=ORGS[org])
                  for i, org in enumerate(["acme", "acme", "acme", "globex", "globex"])]
        session.store().save_listing(f"day:{DAY}", "day", listed, period_start=DAY,
                                     fetched_at=f"{DAY + timedelta(days=1)}T01:00:00Z")
    finally:
        session.close()


def _listed(papers: Any, org: str, *more: str) -> list[str]:
    result = papers("search", "--org", org, "-n", "0", "--json", *more)
    assert result.exit_code == 0, result.stderr
    return list(result.ids)


def test_a_hidden_paper_leaves_its_organizations_count_as_it_leaves_the_listing(
        papers: Any, home: Home) -> None:
    _library(home)
    before = _counts(papers("orgs", "--json"))
    assert before == {"acme": 3, "globex": 2}
    assert papers("hide", "2610.00000", "2610.00003", "2610.00004").exit_code == 0
    after = _counts(papers("orgs", "--json"))
    assert after == {"acme": len(_listed(papers, "acme"))} == {"acme": 2}  # globex: all hidden
    every = _counts(papers("orgs", "--hidden", "--json"))
    assert every == before
    assert every["globex"] == len(_listed(papers, "globex", "--hidden"))


def test_one_organizations_count_leaves_the_hidden_out_and_names_the_listing(
        papers: Any, home: Home) -> None:
    _library(home)
    assert papers("hide", "2610.00001").exit_code == 0
    shown = papers("orgs", "acme")
    assert shown.exit_code == 0
    assert any(line.split()[:2] == ["acme", "2"] for line in shown.stdout.splitlines())
    # the search that lists them is a hint, on stderr: it was the table's last line
    assert "papers search" not in shown.stdout
    assert shown.stderr == "papers: to list its papers: papers search --org acme\n"
    every = papers("orgs", "acme", "--hidden")
    assert any(line.split()[:2] == ["acme", "3"] for line in every.stdout.splitlines())
    assert every.stderr == "papers: to list its papers: papers search --org acme --hidden\n"


def test_an_organization_all_of_whose_papers_are_hidden_is_no_unknown_one(
        papers: Any, home: Home) -> None:
    """`orgs TEXT` that no organization's name holds is a usage error, as `families
    NAME` is; one whose papers are all hidden is there, and says so as a listing does."""
    _library(home)
    assert papers("hide", "2610.00003", "2610.00004").exit_code == 0
    for args in (("globex",), ("globex", "--json")):
        result = papers("orgs", *args)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ("[]\n" if "--json" in args else "")
        assert one_line(result.stderr) == ("papers: all 2 papers from 'globex' are hidden "
                                           "(--hidden counts them)")
    assert "globex" in papers("orgs", "globex", "--hidden").stdout
    unknown = papers("orgs", "initech")
    assert unknown.exit_code == 2 and unknown.stdout == ""
    assert one_line(unknown.stderr) == ("papers: error: unknown organization 'initech' — "
                                        "papers orgs lists the one")  # (globex: hidden)
    assert one_line(papers("orgs", "initech", "--hidden").stderr).endswith(
        "'initech' — papers orgs lists all 2")


def test_orgs_over_a_damaged_user_database_count_the_hidden_and_say_so(
        papers: Any, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_library_file import damage_tables

    _library(home)
    assert papers("hide", "2610.00000").exit_code == 0
    user = home.data / "papercli" / "user.db"
    damage_tables(user, "hidden")
    result = papers("orgs", "--json")
    assert _counts(result) == {"acme": 3, "globex": 2}  # as `search` then lists them
    line = one_line(result.stderr)  # (in 80 columns: the path said what was damaged)
    assert line == "papers: warning: the user database is damaged; hidden papers are counted"
    monkeypatch.setenv("PAPERS_DEBUG", "1")  # the whole of it
    line = one_line(papers("orgs", "--json").stderr)
    assert line.startswith(f"papers: warning: the user database {user} is damaged")
    assert line.endswith("; hidden papers are counted")
