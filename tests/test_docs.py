"""docs/cli.md is generated from --help; regenerate it when a command changes."""

from pathlib import Path

from conftest import run_app
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


def test_lazy_entry_point_registry_matches_the_full_app(papers) -> None:
    """main() builds only the module a command needs: its table must name every command,
    and each command's help must be the same either way."""
    from typer.main import get_command

    from papercli.cli.main import COMMANDS, app, build_app

    full = get_command(app)
    assert sorted(full.commands) == sorted(COMMANDS)  # type: ignore[attr-defined]
    for name, module in COMMANDS.items():
        lazy = build_app([module], only=name)
        assert list(get_command(lazy).commands) == [name]  # type: ignore[attr-defined]
        one = papers(name, "--help")  # through main(), which builds `lazy`
        two = run_app(app, name, "--help")
        assert one.exit_code == two.exit_code == 0, name
        assert one.stdout == two.stdout and one.stdout.startswith("Usage: papers"), name


def test_json_help_names_format_only_where_there_is_one(home) -> None:
    # `papers orgs --help` said "--json  Print JSON (same as --format json)", and
    # `papers orgs --format json` is "no such option: --format".
    from typer.main import get_command

    from papercli.cli.docs import command_paths
    from papercli.cli.main import app

    root = get_command(app)
    checked = 0
    for path in command_paths():
        cmd = root
        for name in path:
            cmd = cmd.commands[name]  # type: ignore[attr-defined]
        opts = {o for p in cmd.params for o in getattr(p, "opts", ())}
        for param in cmd.params:
            if "--json" in getattr(param, "opts", ()):
                checked += 1
                if "--format" in (param.help or ""):  # type: ignore[attr-defined]
                    assert "--format" in opts, " ".join(["papers", *path])
    assert checked > 10


def test_papers_help_is_the_help_of_what_follows(papers) -> None:
    """`papers help` was "no such command 'help'"; as git, gh and pip take it, it is
    `papers --help`, and `papers help COMMAND...` that command's --help."""
    for given, same in ((("help",), ("--help",)), (("help", "today"), ("today", "--help")),
                        (("help", "watch", "add"), ("watch", "add", "--help"))):
        asked, expected = papers(*given), papers(*same)
        assert asked.exit_code == expected.exit_code == 0, asked.stderr
        assert asked.stdout == expected.stdout and asked.stdout.startswith("Usage: papers")
    unknown = papers("help", "todya")
    assert unknown.exit_code == 2
    assert "unknown command 'todya' — did you mean today?" in unknown.stderr
