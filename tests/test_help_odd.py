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
