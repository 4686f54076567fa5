"""docs/cli.md is generated from --help; regenerate it when a command changes."""

from pathlib import Path

from papercli.cli.docs import render

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def test_cli_reference_is_up_to_date(home) -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/cli.md is stale: run `python -m papercli.cli.docs > docs/cli.md`"
    )


def test_every_command_has_an_example_and_short_help(home) -> None:
    text = render()
    sections = text.split("\n## ")[2:]  # skip the header and `papers` itself
    assert sections
    for section in sections:
        name = section.splitlines()[0]
        body = section
        if "Commands:" in body:  # a group: its commands carry the examples
            continue
        assert "Examples:" in body, name
