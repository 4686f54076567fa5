"""`papers families` and `papers orgs` as a user at a real terminal saw them: each test is
what was typed and what was shown before it was fixed."""

from __future__ import annotations

import re
import sys

import pytest

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _on_terminal(library, monkeypatch: pytest.MonkeyPatch, cols: int,  # type: ignore[no-untyped-def]
                 *args: str) -> list[str]:
    from papercli import terminal

    with monkeypatch.context() as patch:
        patch.setattr(terminal, "is_terminal", lambda stream: stream is sys.stdout)
        patch.setenv("PAPERS_PAGER", "")
        patch.setenv("COLUMNS", str(cols))
        shown = library(*args)
    assert shown.exit_code == 0, shown.stderr
    return ANSI.sub("", shown.stdout).splitlines()


def test_the_bar_gives_way_before_the_aliases_are_cut(library,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """At 100 columns every family's aliases fit on their line, yet a 20-column bar was
    drawn beside them and the aliases of several families cut to make room ("llama 2, llama
    …"): the bar says nothing the count does not, so it is drawn only where every alias
    fits whole beside it."""
    lines = _on_terminal(library, monkeypatch, 100, "families")
    assert "…" not in "\n".join(lines) and "█" not in "\n".join(lines)
    assert all(len(line) <= 100 for line in lines), lines
    llama = next(line for line in lines if line.startswith("LLaMA "))
    assert llama.endswith("code llama, codellama, meta llama")
    wide = _on_terminal(library, monkeypatch, 200, "families")
    assert "█" in "\n".join(wide) and "…" not in "\n".join(wide)  # room for both: the bar


def test_a_models_own_name_offers_its_family(library) -> None:  # type: ignore[no-untyped-def]
    """`papers search -F Qwen2.5-VL` said "unknown family 'Qwen2.5-VL' — papers families
    lists all 20", though every paper naming Qwen2.5-VL carries Qwen: the one family a
    paper saying the name is of is now the one offered."""
    typed, meant = "Qwen2.5-VL", "Qwen"
    for args in (("search", "--offline", "-F", typed), ("families", typed)):
        wrong = library(*args)
        assert wrong.exit_code == 2 and wrong.stdout == ""
        assert wrong.stderr == (
            f"papers: error: unknown family '{typed}' — did you mean {meant}?\n")
    assert library("families", "zzz").stderr.endswith("papers families lists all 20\n")


@pytest.mark.parametrize(("command", "metavar"), [("orgs", "TEXT"), ("families", "NAME")])
@pytest.mark.parametrize("blank", ["", " "])
def test_a_blank_name_is_a_usage_error_as_a_blank_option_is(  # type: ignore[no-untyped-def]
        library, command: str, metavar: str, blank: str) -> None:
    """`papers orgs "$ORG"` with ORG unset listed every organization and `papers orgs ' '`
    those whose display name has a space; `papers families ''` said "unknown family ''":
    a blank NAME or TEXT is now one usage error, as `--org ''` is."""
    for args in ((command, blank), (command, blank, "--json")):
        result = library(*args)
        assert result.exit_code == 2 and result.stdout == ""
        assert result.stderr == (f"papers: error: {metavar} '{blank}' holds no name — give "
                                 "one, or leave it out to list all\n")


def test_a_long_name_of_yours_is_cut_not_every_familys_aliases(  # type: ignore[no-untyped-def]
        library, home, monkeypatch: pytest.MonkeyPatch) -> None:
    """A family of 50 letters in the config made the name column 52 wide at 80 columns,
    leaving the aliases less than 20 ("llava-next, llava…"): its name is cut on a
    terminal, its `*` kept; piped, it is whole."""
    from conftest import write_config

    long = "Orca " + "Very Long Name " * 3
    write_config(home, f'[families."{long.strip()}"]\nwords = ["Orca"]\n')
    lines = _on_terminal(library, monkeypatch, 80, "families")
    assert all(len(line) <= 80 for line in lines), lines
    llava = next(line for line in lines if line.startswith("LLaVA "))
    assert llava.endswith("llava-next, llava-1.5, llava-onevision"), lines
    assert any(line.startswith("Orca Very Long") and "… *" in line for line in lines), lines
    piped = library("families").stdout
    assert long.strip() + " *" in piped


def test_one_organization_under_several_hub_names_says_how_to_list_them_all(  # type: ignore[no-untyped-def]
        papers, home) -> None:
    """`papers orgs 'acme research'` listed acme-labs and acme, both "Acme Research", and
    said nothing, where one row said which search lists its papers: the display name
    lists both (`--org` reads either name)."""
    from datetime import date

    from papercli.models import Paper
    from papercli.session import Session

    day = date(2026, 10, 14)
    session = Session.create(offline=True)
    try:
        listed = [Paper(id=f"2610.{i:05d}", title=f"Paper {i}", published_at=f"{day}T00:00:00Z",
                        submitted_at=f"{day}T08:00:00Z", org_name=org, org_fullname=full)
                  for i, (org, full) in enumerate([("acme", "Acme research"),
                                                   ("acme-labs", "Acme Research"),
                                                   ("acme-labs", "Acme Research"),
                                                   ("acmex", "Acmex")])]
        session.store().save_listing(f"day:{day}", "day", listed, period_start=day,
                                     fetched_at="2026-10-15T01:00:00Z")
    finally:
        session.close()
    shown = papers("orgs", "acme research")
    assert shown.exit_code == 0, shown.stderr
    assert shown.stderr == (
        "papers: to list its papers: papers search --org 'Acme Research'\n")
    assert len(papers("search", "--org", "Acme Research", "-n", "0", "--json").ids) == 3
    assert papers("orgs", "acme").stderr == ""  # two organizations: no one search
    assert papers("orgs", "-n", "1", "acme research").stderr == (
        "papers: to list its papers: papers search --org acme-labs\n")  # the one shown
