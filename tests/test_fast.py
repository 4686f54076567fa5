"""The Typer-free fast path for listings and search (cli/fast.py).

It must behave exactly like the Typer app on every command line it accepts, hand every
other one to Typer, and keep Typer (and the other heavy modules) out of the process.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from conftest import TODAY, Home, Result, run, run_process
from hubserver import HubServer
from papercli.cli import fast
from papercli.cli.options import LISTING

YESTERDAY = (TODAY - timedelta(days=1)).isoformat()


def run_fast(*args: str) -> Result | None:
    """`fast.run` with stdout and stderr captured the way CliRunner captures the app."""
    with CliRunner().isolation() as (out, err, _):
        code = fast.run(list(args))
        sys.stdout.flush()
        sys.stderr.flush()
        # As click's Result does: CSV's \r\n line ends read as \n.
        stdout, stderr = (s.getvalue().decode().replace("\r\n", "\n") for s in (out, err))
    return None if code is None else Result(code, stdout, stderr)


@pytest.fixture
def stocked(library, seeded_hub: HubServer):  # type: ignore[no-untyped-def]
    """The seed papers in the library, today and yesterday listed by the loopback Hub."""
    return library


SAME = [
    ["search", "llava", "--offline", "--json"],
    ["search", "llava", "--offline"],
    ["search", "llava"],  # the loopback Hub's search merged with the library
    ["search", '"visual instruction"', "tun*", "--offline", "--format", "md", "--no-abstract"],
    ["search", "--family", "LLaVA", "--json"],
    ["search", "-F", "llava", "-F", "Qwen", "--sort", "upvotes", "-n", "3"],
    ["search", "--keyword", "visual", "--exclude", "video", "--format=csv"],
    ["search", "--author", "Li", "--since", "2024-01-01", "--until", "2024-12-31",
     "--min-upvotes", "5", "--format", "bibtex"],
    ["search", "--family", "NoSuchFamily"],  # a usage error raised by the core: exit 2
    ["search", "--since", "last tuesday"],
    ["search", "AND", "-", "--offline", "--format", "JSON"],
    ["search", "[bold]x[/bold]", "--offline", "--limit", "0"],
    ["today", "--json"],
    ["today"],
    ["today", "--offline", "--family", "llama", "--sort", "new"],
    ["day", YESTERDAY, "--json", "--timeout", "5"],
    ["day", YESTERDAY, "--offline", "--format", "md", "-n", "2"],
    ["day", "not-a-date"],
    ["day", "2020-01-01", "--offline"],  # not in the library: an offline miss, exit 1
    ["week", "--offline", "--json", "--refresh"],
    ["week", "2026-W48", "--offline", "--format", "csv"],
    ["month", "--offline", "--min-upvotes", "10"],
    ["month", "2026-13", "--offline"],
]


@pytest.mark.parametrize("args", SAME, ids=" ".join)
def test_fast_path_matches_the_typer_app(stocked, args: list[str]) -> None:
    stocked(*args)  # warm up: both runs below then see the same cache
    fast_result = run_fast(*args)
    assert fast_result is not None, "the fast path should accept this command line"
    assert fast_result == run(*args)


def test_output_file_is_written_the_same(stocked, tmp_path: Path) -> None:
    by_fast = run_fast("search", "llava", "--offline", "--format", "md", "-o",
                       str(tmp_path / "fast.md"))
    by_typer = stocked("search", "llava", "--offline", "--format", "md", "-o",
                       str(tmp_path / "typer.md"))
    assert by_fast is not None and by_fast.exit_code == by_typer.exit_code == 0
    assert (tmp_path / "fast.md").read_text() == (tmp_path / "typer.md").read_text()
    again = run_fast("search", "llava", "--offline", "--format", "md", "-o",
                     str(tmp_path / "fast.md"))  # exists, no --force: the same refusal
    refused = stocked("search", "llava", "--offline", "--format", "md", "-o",
                      str(tmp_path / "typer.md"))
    assert again is not None and again.exit_code == refused.exit_code == 1
    assert again.stderr.replace("fast.md", "typer.md") == refused.stderr


@pytest.mark.parametrize("args", [
    [], ["--version"], ["show", "2401.01055"], ["families"],
    ["search", "--help"], ["today", "-h"], ["search", "--no-such-option"],
    ["day"], ["today", "extra"], ["week", "2026-W01", "2026-W02"],
    ["search", "-n", "-1"], ["search", "-n", "x"], ["search", "-n5"], ["search", "-n", "²"],
    ["search", "--json", "--format", "md"], ["search", "--sort", "bogus"],
    ["search", "--format", "ＪＳＯＮ"], ["search", "--", "-x"], ["search", "--offline=yes"],
    ["search", "--keyword"], ["search", "--keyword", "--offline"], ["search", "--timeout", "0.01"],
    ["search", "--timeout", "nan"], ["search", "--limit="],
], ids=lambda a: " ".join(a) or "(nothing)")
def test_anything_unusual_goes_to_typer(home: Home, tmp_path: Path, args: list[str]) -> None:
    assert run_fast(*args) is None


def test_an_output_directory_goes_to_typer(home: Home, tmp_path: Path) -> None:
    assert run_fast("today", "-o", str(tmp_path)) is None
    result = run("today", "-o", str(tmp_path))
    assert result.exit_code == 2 and "directory" in result.stderr


def test_fast_path_knows_every_parameter_of_the_hot_commands() -> None:
    """The fast path reads LISTING plus one positional shape per command: check that this is
    exactly what the Typer app declares, so a new option cannot be missed by either."""
    from papercli.cli.main import app

    root = get_command(app)
    declared = {o.dest: o for group in LISTING for o in group.opts}
    for name, (_, arity) in fast.HOT.items():
        command = root.commands[name]  # type: ignore[attr-defined]
        options = {p.name: p for p in command.params if p.param_type_name == "option"}
        assert set(options) == set(declared), name
        for dest, param in options.items():
            opt = declared[dest]
            assert set(param.opts) == set(opt.flags), (name, dest)
            assert param.is_flag == (opt.kind == "flag"), (name, dest)
            assert param.multiple == (opt.kind == "texts"), (name, dest)
        shape = [(p.nargs, p.required) for p in command.params if p.param_type_name == "argument"]
        assert shape == {"none": [], "one": [(1, True)], "optional": [(1, False)],
                         "many": [(-1, False)]}[arity], name


def test_installed_entry_point_keeps_heavy_modules_out(stocked) -> None:
    """What makes the hot commands fast: a real `papers` process never imports these."""
    heavy = {"typer", "click", "rich", "httpx", "dataclasses", "inspect", "difflib"}
    stocked("day", YESTERDAY)  # into the library
    for args in (["search", "llava", "--offline", "--json"],
                 ["day", YESTERDAY, "--family", "LLaVA", "--offline", "--json"],
                 ["search", "--family", "LLaVA"]):
        proc = run_process(*args, env_extra={"PYTHONPROFILEIMPORTTIME": "1"})
        assert proc.returncode == 0, proc.stderr
        imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines()
                    if line.startswith("import time:")}
        assert "papercli.cli.fast" in imported
        assert not {m.split(".")[0] for m in imported} & heavy, (args, imported & heavy)


def test_installed_entry_point_falls_back_for_errors_and_help(home: Home) -> None:
    proc = run_process("search", "--no-such-option")
    assert proc.returncode == 2
    assert "No such option" in proc.stderr and proc.stdout == ""
    proc = run_process("search", "--help")
    assert proc.returncode == 0 and "--family" in proc.stdout
