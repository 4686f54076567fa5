"""The root command run bare, as a shell runs it."""

from __future__ import annotations

import json

import pytest

from conftest import Home


@pytest.mark.parametrize("group", [(), ("watch",), ("config",), ("cache",)])
def test_a_bare_command_shows_its_help_and_succeeds(papers, home: Home,
                                                    group: tuple[str, ...]) -> None:
    """`papers` (or `papers watch`) alone was a usage error (exit 2, the help on stderr);
    as gh and hf do when run bare, it is its --help: on stdout, exit 0."""
    bare, helped = papers(*group), papers(*group, "--help")
    assert bare.exit_code == helped.exit_code == 0, bare.stderr
    assert bare.stdout == helped.stdout
    assert bare.stdout.startswith(" ".join(("Usage: papers", *group)))
    assert bare.stderr == ""


@pytest.mark.parametrize("argv", [("--help",), ("export", "--help"), ("watch", "--help"),
                                  ("watch", "add", "--help"), ()])
def test_help_to_a_reader_that_left_exits_0(home: Home, argv: tuple[str, ...]) -> None:
    """`papers --help | head -0`: the help met a broken pipe and exited 1 (Typer's main took
    it for a failure), where every command's output exits 0 there."""
    import os
    import subprocess
    import sys

    reader, writer = os.pipe()
    os.close(reader)  # nobody reads: the write meets a broken pipe
    try:
        proc = subprocess.run([sys.executable, "-m", "papercli", *argv], stdout=writer,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(writer)
    assert (proc.returncode, proc.stderr) == (0, "")


def test_a_long_option_typed_with_one_dash_is_an_error(papers, seeded_hub) -> None:
    """`papers new -all` (for --all) was read as `-a ll`, --author ll: it showed the few
    papers with "ll" in an author's name, marked them seen and left every other new paper
    behind for good. A long option typed with one dash is now a usage error naming it, and
    nothing is shown or marked; a value that only looks like one (`-k -all`) is a value."""
    assert papers("watch", "add", "llava", "--family", "LLaVA").exit_code == 0
    waiting = papers("new", "--peek", "-q").stdout.split()
    assert waiting
    for argv, meant in ((("new", "-all"), "--all"), (("new", "-peek"), "--peek"),
                        (("today", "-offline"), "--offline"),
                        (("watch", "add", "x", "-keyword", "llava"), "--keyword"),
                        (("starred", "-hidden"), "--hidden")):
        refused = papers(*argv)
        assert refused.exit_code == 2, (argv, refused.stdout, refused.stderr)
        assert refused.stdout == ""
        assert refused.stderr == (f"papers: error: no such option: {meant[1:]} — did you "
                                  f"mean {meant}?\n"), argv
    assert papers("new", "--peek", "-q").stdout.split() == waiting  # nothing marked seen
    assert [w["name"] for w in json.loads(papers("watch", "list", "--json").stdout)] == [
        "llava"]
    # As a value, or after --, such a word is what it was.
    valued = papers("today", "-x", "-all", "-q")
    assert valued.exit_code == 0, valued.stderr
    after = papers("search", "--offline", "-q", "--", "-all")
    assert after.exit_code == 0, after.stderr


def test_a_one_dash_word_search_reads_as_an_option_is_warned_of(papers, seeded_hub) -> None:
    """`papers search -all` searched for the author "ll" without a word: a warning named
    only words of four letters or more, and none at all once `--` came anywhere. The
    words looked at are those a long option typed with one dash is refused among."""
    for argv, said in ((("search", "-all"), "--author ll"),
                       (("search", "-all", "--", "x"), "--author ll"),
                       (("export", "-kv"), "--keyword v")):
        warned = papers(*argv, "--offline", "-q") if argv[0] == "search" else papers(
            *argv, "-o", "-", "-f", "ids")
        assert warned.exit_code == 0, warned.stderr
        assert warned.stderr.startswith(f"papers: warning: {argv[1]} is read as {said}; "), (
            argv, warned.stderr)
    for argv in (("search", "--offline", "-q", "-x", "-all"),  # the value of -x
                 ("search", "--offline", "-q", "--", "-all")):
        quiet = papers(*argv)
        assert quiet.exit_code == 0 and "is read as" not in quiet.stderr, argv


def test_help_help_is_the_list_of_commands(papers, home: Home) -> None:
    """`papers help help` (how do I use help?) was "unknown command 'help'"; as `git help
    help` answers, it is the help that lists every command, as `papers help` is."""
    asked, listed = papers("help", "help"), papers("help")
    assert asked.exit_code == listed.exit_code == 0, asked.stderr
    assert asked.stdout == listed.stdout and "Commands:" in asked.stdout
    assert asked.stderr == ""


@pytest.mark.parametrize("given", ["2401.01055", "https://huggingface.co/papers/2401.01055",
                                   "arXiv:2401.01055v2"])
def test_a_paper_id_as_the_command_points_at_show(papers, home: Home, given: str) -> None:
    """`papers 2401.01055` (a paper pasted where the command goes) was "unknown command
    '2401.01055' — see 'papers --help'"; it names the command that shows the paper, in 80
    columns whatever form of the id was pasted."""
    result = papers(given)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == ("papers: error: 2401.01055 is a paper, not a command — run "
                             "papers show 2401.01055\n")


@pytest.mark.parametrize("given", ["Today", "TODAY", "For-You"])
def test_a_command_in_capitals_is_named_in_lower_case(papers, home: Home, given: str) -> None:
    """`papers TODAY` (caps lock) was "unknown command 'TODAY' — see 'papers --help'", and
    `papers Today` offered "today', 'day": the command is named as it is spelt."""
    result = papers(given)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (f"papers: error: unknown command '{given}' — did you mean "
                             f"{given.lower()}?\n")


@pytest.mark.parametrize(("argv", "closing"), [
    (("today",), ">&-"), (("today", "--json"), ">&-"), (("star", "2501.03895"), "2>&-"),
    (("starred",), ">&- 2>&-")])
def test_a_closed_standard_stream_is_written_to_nowhere(seeded_hub, home: Home,
                                                        argv: tuple[str, ...],
                                                        closing: str) -> None:
    """Started with stdout or stderr closed (`papers today >&-`): Python leaves the stream
    None, and the first write was "unexpected AttributeError … please report it", exit 1
    (a star's note on a closed stderr failed the star's exit status). As git does, the
    stream is /dev/null: nothing is said, the command does its work, exit 0."""
    import os
    import subprocess
    import sys

    proc = subprocess.run(["sh", "-c", f'exec "$0" -m papercli "$@" {closing}',
                           sys.executable, *argv], capture_output=True, text=True,
                          env=dict(os.environ), timeout=60)
    assert (proc.returncode, proc.stdout) == (0, ""), proc.stderr
    assert "AttributeError" not in proc.stderr
    if argv[0] == "star":
        starred = subprocess.run([sys.executable, "-m", "papercli", "starred", "-q"],
                                 capture_output=True, text=True, timeout=60)
        assert starred.stdout == "2501.03895\n"
