"""Help texts a new user reaches by an odd road: a hidden command's --help, read at 80
columns and piped."""

from __future__ import annotations


def test_watch_edit_help_says_how_to_change_a_watch_not_its_history(papers) -> None:
    """`papers watch edit --help` (a hidden command that says how a watch is changed) read
    as a changelog: "`papers watch edit llava` said "unknown command 'edit'", leaving the
    way … to be found in `watch add --help`", with a lowercase `[words]...` in its usage."""
    result = papers("watch", "edit", "--help", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Usage: papers watch edit [OPTIONS] [NAME]...", lines[0]
    said = " ".join(result.stdout.split())
    assert "papers watch add NAME --replace" in said and "papers config edit" in said
    assert "said" not in said and "unknown command" not in said
    assert max(len(line) for line in lines) <= 80


def _option_help(papers, command: str, option: str, following: str) -> str:
    """The help of `option` in `papers COMMAND --help`, on one line."""
    result = papers(command, "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stdout.split())
    start = said.index(f"{option} DATE")
    return said[start:said.index(following, start)]


def test_every_since_names_the_forms_it_takes_as_the_listings_do(papers) -> None:
    """`sync`, `trends` and `arxiv --since` take a month by name (aug 2026), yesterday and
    last week as a listing's --since does, but their help left those out (a month YYYY-MM,
    a year, a week, or 7d alone), so a reader of `sync --help` did not know
    `papers sync --since "aug 2026"` works."""
    listing = _option_help(papers, "today", "--since", "--until")
    assert "aug 2026" in listing and "yesterday, last week" in listing
    for command in ("sync", "trends", "arxiv"):
        said = _option_help(papers, command, "--since", "--until")
        assert "a month YYYY-MM or aug 2026" in said, (command, said)
        assert "yesterday, last week" in said, (command, said)
