"""Shell completion for bash, zsh and fish: the install and show scripts, and the values a
Tab offers (commands, family names, watch names, paper ids from the library), asked the
way the shells' scripts ask (Typer's protocol: `_PAPERS_COMPLETE` and the words typed)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import (
    Home,
    Result,
    installed_papers,
    one_line,
    run,
    run_process,
    write_config,
)
from papercli.terminal import cell_width


def complete(shell: str, line: str) -> Result:
    """What `papers` answers when `shell` asks to complete `line` (cursor at its end)."""
    env = {"_PAPERS_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        words = line.split(" ")
        env |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    else:
        env["_TYPER_COMPLETE_ARGS"] = line
        if shell == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    return run(env=env)


def offered(shell: str, line: str) -> list[str]:
    """The values offered, whatever the shell's format."""
    result = complete(shell, line)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    if shell == "zsh":
        return zsh_values(result.stdout)
    return [line.split("\t")[0] for line in result.stdout.splitlines() if line.strip()]


def zsh_values(out: str) -> list[str]:
    """The values of zsh's answer: `_arguments '*: :(("value":"help" "value2"))'`, then
    `compadd … -- $'value' …` lines (zsh_string): values found in another case, or put
    after `-- `."""
    import re

    parts = out.rstrip("\n").split(" ; ")
    added = [part for part in parts if part.startswith("compadd ")]
    listed = "" if parts[0].startswith("compadd ") else parts[0]
    # a space is written "$'\x20'" and a quote '\'' (papercli.cli.completion.zsh_element)
    listed = listed.replace("\"$'\\''\\x20'\\''\"", " ").replace("'\\''", "'")
    values = re.findall(r'"((?:[^"\\]|\\.)*?)(?<!\\)"(?::"(?:[^"\\]|\\.)*")?', listed)
    for line in added:
        values += [re.sub(r"\\x20|\\(.)", lambda m: m[1] or " ", v) for v in
                   re.findall(r"\$'((?:[^'\\]|\\.)*)'", line.split(" -- ", 1)[1])]
    return values


SHELLS = ["bash", "zsh", "fish"]


# Typer finds the user's shell itself (its parent process); this switch of Typer's lets a
# test name the shell instead.
NAMED = {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}


def test_show_completion_detects_the_shell(home: Home) -> None:
    # `; exit $?` keeps bash alive as the parent (a lone command would be exec'd in its
    # place, leaving whatever ran pytest as the nearest shell).
    result = subprocess.run(["bash", "-c", f"{installed_papers()} --show-completion; exit $?"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "complete_bash" in result.stdout


def test_with_no_shell_running_it_the_login_shell_is_taken(home: Home) -> None:
    """Run from no shell (cron, an IDE's task, a detached job) `--show-completion` said
    "cannot tell which shell this is": `$SHELL`, the login shell, names it then."""
    for login, script in (("/usr/bin/zsh", "compdef"), ("/bin/bash", "complete_bash")):
        result = run_process("--show-completion", env_extra={**NAMED, "SHELL": login})
        assert result.returncode == 0, result.stderr
        assert script in result.stdout
    unknown = run_process("--show-completion", env_extra={**NAMED, "SHELL": "/bin/tcsh"})
    assert unknown.returncode == 2 and "no completion for this shell (tcsh)" in unknown.stderr
    env = {k: v for k, v in os.environ.items() if k != "SHELL"} | NAMED
    none = subprocess.run([installed_papers(), "--show-completion"], capture_output=True,
                          text=True, env=env)
    assert none.returncode == 2 and "cannot tell which shell this is" in none.stderr


@pytest.mark.parametrize("shell", SHELLS)
def test_show_completion_prints_a_script_for_each_shell(home: Home, shell: str) -> None:
    result = run_process("--show-completion", shell, env_extra=NAMED)
    assert result.returncode == 0, result.stderr
    assert "_PAPERS_COMPLETE" in result.stdout
    assert f"complete_{shell}" in result.stdout


@pytest.mark.parametrize("shell,path", [
    ("bash", ".bash_completions/papers.sh"),
    ("zsh", ".zfunc/_papers"),
    ("fish", ".config/fish/completions/papers.fish"),
])
def test_install_completion_writes_into_home(home: Home, shell: str, path: str) -> None:
    result = run_process("--install-completion", shell, env_extra=NAMED)
    assert result.returncode == 0, result.stderr
    script = home.root / path
    assert script.is_file(), result.stdout
    assert "_PAPERS_COMPLETE" in script.read_text(encoding="utf-8")
    # Lines added to the user's own startup file are said, not made silently.
    # The note said a full path, then ~/.bashrc, on one line of about 120 columns: now
    # the file written, then what loads it and what to do next, each within 80.
    rc = {"bash": ".bashrc", "zsh": ".zshrc"}.get(shell)
    lines = result.stderr.splitlines()
    assert lines[0] == f"papers: installed {shell} completion in ~/{path}", result.stderr
    assert all(cell_width(line) <= 80 for line in lines), result.stderr
    if rc:
        again = "source ~/.bashrc" if shell == "bash" else "exec zsh"
        assert lines[1:] == [f"papers: ~/{rc} loads it: open a new shell, or run: {again}"]
        assert (home.root / rc).is_file()
    else:
        assert lines[1:] == ["papers: it works in a new shell"]
        assert not (home.root / ".bashrc").exists()


@pytest.mark.parametrize("shell, rc", [("bash", ".bashrc"), ("zsh", ".zshrc")])
def test_installing_again_leaves_the_startup_file_as_it_was(home: Home, shell: str,
                                                            rc: str) -> None:
    """Typer's bash install added a blank line to ~/.bashrc on every run (2, 3, 4, then 5
    lines after four runs): a second install must change nothing of the user's file."""
    startup = home.root / rc
    startup.write_text("alias ll='ls -l'\n", encoding="utf-8")
    assert run_process("--install-completion", shell, env_extra=NAMED).returncode == 0
    once = startup.read_text(encoding="utf-8")
    assert once.startswith("alias ll='ls -l'\n") and once != "alias ll='ls -l'\n"
    for _ in range(2):
        result = run_process("--install-completion", shell, env_extra=NAMED)
        assert result.returncode == 0, result.stderr
        assert startup.read_text(encoding="utf-8") == once


def test_zsh_install_leaves_the_menu_style_of_every_command_alone(home: Home) -> None:
    """Typer's zsh install added `zstyle ':completion:*' menu select` to ~/.zshrc, turning
    on a selection menu for every command's completion: papers adds only the line that
    loads its script, and a style of the user's own stays as it was."""
    startup = home.root / ".zshrc"
    startup.write_text("alias ll='ls -l'\n", encoding="utf-8")
    assert run_process("--install-completion", "zsh", env_extra=NAMED).returncode == 0
    assert startup.read_text(encoding="utf-8") == (
        "alias ll='ls -l'\n\nfpath+=~/.zfunc; autoload -Uz compinit; compinit\n")
    startup.write_text("zstyle ':completion:*' menu select\n", encoding="utf-8")
    assert run_process("--install-completion", "zsh", env_extra=NAMED).returncode == 0
    assert startup.read_text(encoding="utf-8").startswith(
        "zstyle ':completion:*' menu select\n")


def in_shell(shell: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`papers ARGS` run from `shell` (its parent process, as when typed at its prompt)."""
    import shlex

    line = shlex.join([installed_papers(), *args])
    return subprocess.run([shell, "-c", f"{line}; exit $?"], capture_output=True, text=True)


def test_install_completion_for_the_shell_named_not_the_one_it_runs_from(
        home: Home) -> None:
    for args in (("--install-completion", "zsh"), ("--install-completion=fish",)):
        result = in_shell("bash", *args)
        assert result.returncode == 0, result.stderr
    assert (home.root / ".zfunc" / "_papers").is_file()
    assert (home.root / ".config" / "fish" / "completions" / "papers.fish").is_file()
    assert not (home.root / ".bash_completions").exists()
    assert not (home.root / ".bashrc").exists()


@pytest.mark.parametrize(("shell", "name"), [("bash", ".bashrc"), ("zsh", ".zshrc"),
                                            ("bash", ".bash_completions/papers.sh"),
                                            ("fish", ".config/fish/completions/papers.fish")])
def test_install_completion_never_writes_through_a_link(home: Home, tmp_path: Path,
                                                        shell: str, name: str) -> None:
    """A ~/.bashrc linked into a dotfiles repository, or a link planted where the script
    goes: Typer's install wrote through it (the script over whatever the link led to). It
    is refused, as config.toml's link is, with where to find the script to add by hand;
    nothing is written anywhere."""
    target = tmp_path / "dotfiles" / "elsewhere"
    target.parent.mkdir()
    target.write_text("mine\n", encoding="utf-8")
    link = home.root / name
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)
    result = in_shell("bash", "--install-completion", shell)
    assert result.returncode == 1 and result.stdout == ""
    line = one_line(result.stderr)
    assert line.startswith(f"papers: error: ~/{name} is a symbolic link") and len(line) <= 80
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert sorted(p for p in home.root.rglob("*") if (p.is_file() or p.is_symlink())
                  and target.parent not in p.parents) == [link]


def test_completion_for_a_shell_it_cannot_serve_is_a_usage_error(
        home: Home) -> None:
    named = in_shell("bash", "--install-completion", "tcsh")
    assert named.returncode == 2
    assert one_line(named.stderr) == (  # (94 columns with the flag)
        "papers: error: unknown shell 'tcsh' — use bash, zsh, fish or powershell")
    for flag in ("--install-completion", "--show-completion"):
        detected = in_shell("sh", flag)  # a POSIX sh: no completion there
        assert detected.returncode == 2
        assert one_line(detected.stderr).startswith(
            f"papers: error: no completion for this shell (sh) — name one: papers {flag} bash")
        assert detected.stdout == ""
    assert not list(home.root.iterdir())


def test_install_completion_that_cannot_write_says_what_to_do(home: Home) -> None:
    (home.root / ".bashrc").mkdir()  # not a file: what Typer writes cannot be written
    result = run_process("--install-completion", "bash", env_extra=NAMED)
    assert result.returncode == 1
    line = one_line(result.stderr)  # (in 80 columns: 150 and more with the whole paths)
    assert line == "papers: error: cannot write ~/.bashrc: Is a directory — move it aside"
    whole = run_process("--install-completion", "bash",
                        env_extra={**NAMED, "PAPERS_DEBUG": "1"})
    line = one_line(whole.stderr)
    assert line.startswith(f"papers: error: cannot install bash completion: "
                           f"{home.root / '.bashrc'}: ")
    assert line.endswith(f"— move {home.root / '.bashrc'} aside, or add the script yourself "
                         "(papers --show-completion bash)")


def test_install_completion_without_powershell_says_it_is_not_installed(
        home: Home, tmp_path: Path) -> None:
    """PowerShell's profile is asked of the program: where it is not installed the line
    said "powershell: No such file or directory — make . writable, or …" (no folder was
    at fault)."""
    for shell in ("powershell", "pwsh"):
        result = run_process("--install-completion", shell,
                             env_extra={**NAMED, "PATH": str(tmp_path)})
        assert result.returncode == 1
        line = one_line(result.stderr)
        assert line == (f"papers: error: cannot install {shell} completion: {shell} is not "
                        "on PATH")
        assert len(line) <= 80


@pytest.mark.parametrize("shell", SHELLS)
def test_commands_are_offered(home: Home, shell: str) -> None:
    names = offered(shell, "papers s")
    assert {"search", "show", "star", "starred", "sync"} <= set(names)
    assert "today" not in names


@pytest.mark.parametrize("shell", SHELLS)
def test_help_is_offered_among_the_commands(home: Home, shell: str) -> None:
    """`papers help` (and `papers watch help`) was never offered: `papers h` offered
    `hide` alone; after it, `papers help watch ` offered every top-level command again
    and `papers help show ` those too. After `help`, only a command's name."""
    assert sorted(offered(shell, "papers h")) == ["help", "hide"]
    assert offered(shell, "papers watch h") == ["help"]
    assert "help" in offered(shell, "papers ") and "help" in offered(shell, "papers config ")
    assert offered(shell, "papers help wat") == ["watch"]
    assert "help" not in offered(shell, "papers help ")
    assert offered(shell, "papers help watch ") == ["add", "list", "rm", "rename"]
    assert offered(shell, "papers help help watch r") == ["rm", "rename"]
    assert offered(shell, "papers watch help r") == ["rm", "rename"]
    assert offered(shell, "papers help show ") == []
    assert offered(shell, "papers show h") == []  # (a paper's id goes there)


@pytest.mark.parametrize("shell", SHELLS)
def test_paper_ids_come_from_the_library(library, shell: str) -> None:
    ids = offered(shell, "papers show 2401.0")
    assert ids == ["2401.01055"]
    newest = offered(shell, "papers star ")
    assert len(newest) == 19 and newest[0] == "2501.03895"  # newest first
    assert offered(shell, "papers read 2404") == ["2404.14047"]
    assert offered(shell, "papers open 9") == []


def test_paper_ids_for_every_command_taking_them(library) -> None:
    for command in ("show", "open", "star", "unstar", "read", "hide", "unhide", "related"):
        assert offered("bash", f"papers {command} 2408") == ["2408.15881"], command


def test_a_tab_on_ids_orgs_or_tags_loads_no_library_module(library) -> None:
    """A Tab runs a process each time: the ids, organizations and tags are one query each
    (db/complete.py), without importing the library's modules (db/store.py and what it
    pulls in took about 50 ms of every Tab on a paper id or --org)."""
    for line in ("papers show 2401.0", "papers search --org a", "papers search --tag a"):
        got = run_process(env_extra={
            "_PAPERS_COMPLETE": "complete_bash", "COMP_WORDS": line,
            "COMP_CWORD": str(len(line.split(" ")) - 1), "PYTHONPROFILEIMPORTTIME": "1"})
        assert got.returncode == 0, got.stderr
        loaded = {row.rsplit("|", 1)[-1].strip() for row in got.stderr.splitlines()
                  if row.startswith("import time:")}
        assert "papercli.db.complete" in loaded, line  # (the import log is there)
        assert not loaded & {"papercli.db.store", "papercli.db.connection",
                             "papercli.db.userdb"}, line
    assert "2401.01055" in run_process(env_extra={
        "_PAPERS_COMPLETE": "complete_bash", "COMP_WORDS": "papers show 2401.0",
        "COMP_CWORD": "2"}).stdout


def test_no_library_offers_no_ids_and_creates_nothing(home: Home) -> None:
    assert offered("bash", "papers show 24") == []
    assert not home.library.exists()


@pytest.mark.parametrize("shell", SHELLS)
def test_family_names_builtin_and_from_config(home: Home, shell: str) -> None:
    write_config(home, '[families.Llamafile]\nwords = ["llamafile"]\n')
    names = offered(shell, "papers today --family LL")
    assert {"LLaMA", "LLaVA"} <= set(names) and "Qwen" not in names
    # any case, each name as it is: what was typed glued onto the rest of the name
    # offered `LlamA` for `Llam` and `llama` for `ll`
    assert sorted(offered(shell, "papers today --family Llam")) == ["LLaMA", "Llamafile"]
    assert sorted(offered(shell, "papers today --family ll")) == ["LLaMA", "LLaVA",
                                                                 "Llamafile"]
    assert offered(shell, "papers search -F q") == ["Qwen"]


@pytest.mark.parametrize("shell", SHELLS)
def test_names_found_in_another_case_are_offered_as_they_are(library, home: Home,
                                                            shell: str) -> None:
    """Watches (which --watch finds in any case: `L` offered nothing for `llava`), tags
    (stored case-folded: `B` offered `Bayes`) and arXiv categories (`cs.c` offered
    `cs.cL`) are offered as they are, as family names are."""
    from hubserver import seed_items

    write_config(home, '[watch.llava]\nfamily = ["LLaVA"]\n\n[watch.Lora]\n'
                               'keyword = ["LoRA"]\n')
    assert sorted(offered(shell, "papers watch rm l")) == ["Lora", "llava"]
    assert offered(shell, "papers for-you --watch LL") == ["llava"]
    assert library("tag", seed_items()[0]["paper"]["id"], "bayes").exit_code == 0
    assert offered(shell, "papers today --tag B") == ["bayes"]
    assert {"cs.CL", "cs.CV"} <= set(offered(shell, "papers arxiv cs.c"))


def test_zsh_is_told_to_match_a_name_found_in_another_case(home: Home) -> None:
    """zsh keeps only the values that start with exactly what was typed: `LLaMA` for `ll`
    is added with a matcher taking either case, so zsh puts it (or the common start,
    `LLa`) in the typed word's place; a name typed as it is stays in `_arguments`."""
    lower = complete("zsh", "papers today --family ll").stdout
    assert lower == ("compadd -M 'm:{[:lower:][:upper:]}={[:upper:][:lower:]}' -- "
                     "$'LLaMA' $'LLaVA'\n")
    assert complete("zsh", "papers today --family=qw").stdout.endswith(
        " -- $'--family=Qwen'\n")
    assert complete("zsh", "papers today --family LLaV").stdout.startswith(
        "_arguments '*: :((\"LLaVA\"")


@pytest.mark.parametrize("shell", SHELLS)
def test_what_browse_lists(home: Home, shell: str) -> None:
    assert offered(shell, "papers browse s") == ["search", "starred"]
    assert set(offered(shell, "papers browse ")) == {
        "today", "day", "week", "month", "search", "starred", "new", "for-you", "arxiv",
        "related"}


@pytest.mark.parametrize("shell", SHELLS)
def test_what_follows_browse_is_completed_as_its_command_completes_it(
        library, shell: str) -> None:
    """`papers browse related 2401.0<Tab>` offered nothing, nor `browse day <Tab>` nor
    `browse arxiv cs.C<Tab>`, where `papers related`, `day` and `arxiv` offer their ids,
    words and categories."""
    assert offered(shell, "papers browse related 2401.0") == ["2401.01055"]
    assert offered(shell, "papers browse --family LLaVA related 2404") == ["2404.14047"]
    assert offered(shell, "papers browse day ") == [
        "today", "yesterday", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday"]
    assert offered(shell, "papers browse week l") == ["last"]
    assert offered(shell, "papers browse month ") == ["this", "last"]
    assert offered(shell, "papers browse month last ") == []  # (one month only)
    assert offered(shell, "papers browse arxiv cs.CL cs.L") == ["cs.LG", "cs.LO"]
    assert offered(shell, "papers browse search 2401") == []  # (words: nothing to offer)


def test_family_names_on_every_listing_and_watch_add(home: Home) -> None:
    for line in ("papers week --family Qw", "papers export --family Qw",
                 "papers starred --family Qw", "papers watch add x --family Qw"):
        assert offered("bash", line) == ["Qwen"], line


@pytest.mark.parametrize("shell", SHELLS)
def test_watch_names_from_the_config(home: Home, shell: str) -> None:
    write_config(home, '[watch.llava]\nfamily = ["LLaVA"]\n\n[watch.quant]\n'
                       'keyword = ["quantization"]\n\n[watch.lora]\nkeyword = ["LoRA"]\n')
    assert set(offered(shell, "papers watch rm l")) == {"llava", "lora"}
    assert offered(shell, "papers watch rm q") == ["quant"]
    assert offered(shell, "papers for-you --watch q") == ["quant"]


@pytest.mark.parametrize("shell", SHELLS)
def test_a_watch_name_with_a_space_is_offered_as_one_word(home: Home, shell: str) -> None:
    """bash puts a value on the line as it comes: `my llava` offered plainly became two
    words, `watch rm my llava`. It is offered to bash with the space escaped (zsh and
    fish quote what they insert)."""
    write_config(home, '[watch."my llava"]\nfamily = ["LLaVA"]\n\n[watch.mamba]\n'
                       'keyword = ["mamba"]\n')
    want = "my\\ llava" if shell == "bash" else "my llava"
    assert offered(shell, "papers watch rm m") == [want, "mamba"]
    assert offered(shell, "papers for-you --watch my") == [want]


def test_bash_completes_a_watch_name_after_its_escaped_space(home: Home) -> None:
    write_config(home, '[watch."my llava"]\nfamily = ["LLaVA"]\n')
    # bash hands over the words as typed (`my\ ll`, one word), joined by line breaks
    result = run(env={"_PAPERS_COMPLETE": "complete_bash", "COMP_CWORD": "3",
                      "COMP_WORDS": "papers\nwatch\nrm\nmy\\ ll"})
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.splitlines() == ["my\\ llava"]


TWO_MY = '[watch."my llava"]\nfamily = ["LLaVA"]\n\n[watch."my lora"]\nkeyword = ["LoRA"]\n'


@pytest.mark.parametrize("shell", SHELLS)
def test_a_word_with_its_quote_still_open_completes(home: Home, shell: str) -> None:
    """`papers watch rm 'my<Tab>` offered nothing: the line was split with shlex, which
    refuses an open quote, and the command was then built without its parameters. (bash
    puts the value after the quote typed and closes it: it is not escaped for no quote,
    as `my\\ llava`.)"""
    write_config(home, TWO_MY)
    assert offered(shell, "papers watch rm 'my") == ["my llava", "my lora"]
    assert offered(shell, 'papers for-you --watch "my') == ["my llava", "my lora"]


def test_bash_completes_after_the_common_start_it_put_on_the_line(home: Home) -> None:
    """bash puts the common start of `my\\ llava` and `my\\ lora` on the line, `my\\`: the
    next Tab (which lists them) offered nothing, as shlex refused the lone backslash."""
    write_config(home, TWO_MY)
    result = run(env={"_PAPERS_COMPLETE": "complete_bash", "COMP_CWORD": "3",
                      "COMP_WORDS": "papers\nwatch\nrm\nmy\\"})
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.splitlines() == ["my\\ llava", "my\\ lora"]


# (words, an option's words, a query, an unknown id: nothing of papers', and no file)
NO_FILE = ["papers trends ", "papers trends ll", "papers search x --keyword ",
           "papers show 9", "papers help show ", "papers watch add "]
FILE = ["papers import ", "papers import x.json ", "papers export -o ", "papers trends -o r",
        "papers export --split "]


def test_zsh_offers_files_only_where_a_file_goes(home: Home) -> None:
    """`papers trends <Tab>` (which takes words) offered the folder's files: the answer
    was `_files` wherever papers had nothing to offer. Files only for a FILE or DIR."""
    for line in NO_FILE:
        assert complete("zsh", line).stdout.strip() == "", line
    for line in FILE:
        assert complete("zsh", line).stdout.strip() == "_files", line


def test_fish_offers_files_only_where_a_file_goes(home: Home) -> None:
    """fish asks `is-args` first and offers files when papers says no (exit 1)."""
    def has_args(line: str) -> int:
        return run(env={"_PAPERS_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": line,
                        "_TYPER_COMPLETE_FISH_ACTION": "is-args"}).exit_code

    assert [has_args(line) for line in NO_FILE] == [0] * len(NO_FILE)
    assert [has_args(line) for line in FILE] == [1] * len(FILE)
    assert has_args("papers trends --by ") == 0


def test_bash_offers_files_only_where_a_file_goes(home: Home) -> None:
    """bash's script (`complete -o default`) offered files whenever the answer was empty:
    papers' own script asks (_PAPERS_COMPLETE_NONE) for `:` where no file goes, and
    turns the fallback off then; a script installed before it still gets an empty one."""
    def answer(line: str, **extra: str) -> str:
        words = line.split(" ")
        return run(env={"_PAPERS_COMPLETE": "complete_bash", "COMP_WORDS": line,
                        "COMP_CWORD": str(len(words) - 1), **extra}).stdout.strip()

    assert [answer(line, _PAPERS_COMPLETE_NONE="1") for line in NO_FILE] == [
        ":"] * len(NO_FILE)
    assert [answer(line, _PAPERS_COMPLETE_NONE="1") for line in FILE] == [""] * len(FILE)
    assert [answer(line) for line in NO_FILE] == [""] * len(NO_FILE)
    assert answer("papers trends --by f", _PAPERS_COMPLETE_NONE="1") == "family"
    for args in (("--show-completion", "bash"), ("--install-completion", "bash")):
        assert run_process(*args, env_extra=NAMED).returncode == 0
    script = (home.root / ".bash_completions" / "papers.sh").read_text(encoding="utf-8")
    assert "_PAPERS_COMPLETE_NONE=1" in script and "compopt +o default" in script


def test_fish_offers_each_command_and_option_once_with_its_help_on_its_line(
        home: Home) -> None:
    """Typer ran each help through Rich, which wrapped it at 80 columns: fish read the
    rest of a long one as a value of its own (`feed, a digest.` among the commands)."""
    from papercli.cli.main import COMMANDS

    for line, names in (("papers ", {*COMMANDS, "help"}), ("papers today --", None)):
        got = complete("fish", line).stdout.splitlines()
        assert all("\t" in row for row in got), [row for row in got if "\t" not in row]
        values = [row.split("\t")[0] for row in got]
        if names is not None:
            assert set(values) == names
        assert all(v.startswith("--") for v in values[1:] if line.endswith("--"))


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_a_tab_on_commands_or_options_loads_no_rich(home: Home, shell: str) -> None:
    """zsh and fish show each command's and option's help beside it: Typer took Rich's
    markup out of it, importing Rich (about 100 ms of every such Tab) for markup papers
    never writes."""
    for line in ("papers ", "papers today --", "papers watch "):
        env = {"_PAPERS_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": line,
               "PYTHONPROFILEIMPORTTIME": "1"}
        if shell == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
        got = run_process(env_extra=env)
        assert got.returncode == 0 and got.stdout, got.stderr
        loaded = {row.rsplit("|", 1)[-1].strip() for row in got.stderr.splitlines()
                  if row.startswith("import time:")}
        assert "typer" in loaded, line  # (the import log is there)
        assert not {name for name in loaded if name.split(".")[0] == "rich"}, line


def test_a_broken_config_offers_nothing_and_says_nothing(home: Home) -> None:
    write_config(home, "[watch\nthis is not toml")
    assert offered("bash", "papers watch rm ") == []
    assert offered("bash", "papers today --family Qw") == ["Qwen"]


def test_a_normal_run_is_not_a_completion_request(home: Home) -> None:
    result = subprocess.run([installed_papers(), "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("papercli ")


@pytest.mark.parametrize("shell", SHELLS)
def test_trends_choices_are_offered(home: Home, shell: str) -> None:
    """`trends --by/--every/--format` are choices like `--sort`: Tab offers their values."""
    assert offered(shell, "papers trends --by ") == ["family", "org", "keyword"]
    assert offered(shell, "papers trends --every m") == ["month"]
    assert offered(shell, "papers trends --format c") == ["chart", "csv"]


def as_bash_splits(line: str) -> Result:
    """What bash's Tab asks for `line`: bash breaks words at `=` as well as at spaces
    (COMP_WORDBREAKS), so `--sort=up` is the three words `--sort`, `=`, `up`; the script
    Typer installs hands them over one a line."""
    import re

    words = [w for w in re.split(r" |(=)", line) if w is not None]
    words = [w for i, w in enumerate(words) if w or i == len(words) - 1]
    return run(env={"_PAPERS_COMPLETE": "complete_bash", "COMP_WORDS": "\n".join(words),
                    "COMP_CWORD": str(len(words) - 1)})


def bash_offers(line: str) -> list[str]:
    result = as_bash_splits(line)
    assert result.exit_code == 0 and result.stderr == "", result.stderr
    return result.stdout.split()


def test_bash_completes_an_option_value_after_an_equals_sign(library) -> None:
    """`--sort=up<Tab>` offered nothing in bash (its `=` was taken for the value); the
    value is completed as after a space, and `--sort=<Tab>` offers every value."""
    assert bash_offers("papers today --sort=up") == ["upvotes"]
    assert bash_offers("papers today --sort=") == bash_offers("papers today --sort ")
    assert len(bash_offers("papers today --sort=")) == 5
    assert bash_offers("papers search --format=js") == ["json", "jsonl"]
    assert bash_offers("papers search --family=Qw") == ["Qwen"]
    # an earlier --opt=value is read as one option, and a later value still completes
    assert bash_offers("papers today --sort=new --family=LLa") == ["LLaMA", "LLaVA"]
    assert bash_offers("papers show --format=md 2401.0") == ["2401.01055"]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_complete_an_option_value_after_an_equals_sign(
        library, shell: str) -> None:
    """zsh and fish hand `--sort=up` over whole: the value was offered bare (`upvotes`),
    which the shell dropped as not starting with what was typed; it is offered with the
    option in front."""
    assert offered(shell, "papers today --sort=up") == ["--sort=upvotes"]
    assert len(offered(shell, "papers today --sort=")) == 5
    assert offered(shell, "papers search --family=Qw") == ["--family=Qwen"]
    assert offered(shell, "papers today --sort=new --family=LLa") == [
        "--family=LLaMA", "--family=LLaVA"]
    assert offered(shell, "papers show --format=md 2401.0") == ["2401.01055"]


@pytest.mark.parametrize("shell", SHELLS)
def test_config_keys_and_their_values(home: Home, shell: str) -> None:
    """`papers config set <Tab>` offered nothing: it offers the settings, and for the
    key given, its choices, true/false or arXiv categories."""
    keys = offered(shell, "papers config set ")
    assert {"display.sort", "network.offline", "sources.arxiv", "hub.endpoint"} <= set(keys)
    assert offered(shell, "papers config get display.s") == ["display.sort"]
    assert offered(shell, "papers config unset network.o") == ["network.offline"]
    assert offered(shell, "papers config set display.sort up") == ["upvotes"]
    assert offered(shell, "papers config set network.offline ") == ["true", "false"]
    assert "cs.CL" in offered(shell, "papers config set sources.arxiv cs.C")
    assert offered(shell, "papers config set network.timeout ") == []
    # the column names display.columns takes, after a comma the next one
    assert offered(shell, "papers config set display.columns ti") == ["title"]
    assert offered(shell, "papers config set display.columns title,i") == ["title,id"]
    # a section's name, which get and unset take (not set): `papers config unset display`
    assert "network" in offered(shell, "papers config unset netw")
    assert "display" in offered(shell, "papers config get ")
    assert "display" not in keys


@pytest.mark.parametrize("shell", SHELLS)
def test_columns_option(home: Home, shell: str) -> None:
    """`--columns` takes the same names as display.columns: Tab offered nothing."""
    assert offered(shell, "papers today --columns ti") == ["title"]
    assert offered(shell, "papers search x --columns title,au") == ["title,authors"]


@pytest.mark.parametrize("shell", SHELLS)
def test_arxiv_categories(home: Home, shell: str) -> None:
    """arXiv categories and archives, from the taxonomy papers knows, wherever one is
    named: `papers arxiv`, --category, `sync --arxiv`, `import --category`."""
    for line in ("papers arxiv cs.C", "papers arxiv cs.LG cs.C", "papers today --category cs.C",
                 "papers sync --arxiv cs.C", "papers import x.json --category cs.C"):
        found = offered(shell, line)
        assert {"cs.CL", "cs.CV"} <= set(found) and "cs.LG" not in found, (line, found)
    assert {"hep-th", "hep-ph"} <= set(offered(shell, "papers arxiv hep-"))
    # a comma list (the README's `config set sources.arxiv cs.CL,cs.LG`): the last one
    for line in ("papers config set sources.arxiv cs.CL,cs.L", "papers arxiv cs.CL+cs.L",
                 "papers today --category cs.CL,cs.L"):
        found = offered(shell, line)
        head = line.rsplit(" ", 1)[1][:-4]
        assert {head + "cs.LG", head + "cs.LO"} <= set(found), (line, found)
        assert all(v.startswith(head + "cs.L") for v in found), (line, found)


@pytest.mark.parametrize("shell", SHELLS)
def test_organizations_from_the_library(papers, home: Home, tmp_path, shell: str) -> None:
    """`--org <Tab>` offers the organizations of the library's papers, most papers first,
    any case; no library: nothing, and none is created."""
    import json

    from hubserver import seed_items

    assert offered(shell, "papers search --org ") == []
    assert not home.library.exists()
    items = seed_items()[:5]
    for n, item in enumerate(items):
        org = {"name": "acme-ai" if n < 3 else "zeta-lab", "fullname": "Acme AI Research"
               if n < 3 else "Zeta Lab"}
        item["organization"] = item["paper"]["organization"] = org
    source = tmp_path / "orgs.json"
    source.write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(source)).exit_code == 0
    assert offered(shell, "papers search --org ") == ["acme-ai", "zeta-lab"]
    assert offered(shell, "papers today --org Z") == ["zeta-lab"]  # (not `Zeta-lab`)
    assert offered(shell, "papers watch add x --org ac") == ["acme-ai"]


@pytest.mark.parametrize("shell", SHELLS)
def test_sources_and_the_words_a_period_takes(home: Home, shell: str) -> None:
    """--source offered nothing though it takes hf or arxiv, and `papers day <Tab>` nothing
    though it takes today and yesterday (week and month: this and last)."""
    assert offered(shell, "papers today --source ") == ["hf", "arxiv"]
    assert offered(shell, "papers search x --source a") == ["arxiv"]
    assert offered(shell, "papers watch add w --source h") == ["hf"]
    assert offered(shell, "papers day ") == [
        "today", "yesterday", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday"]
    assert offered(shell, "papers day y") == ["yesterday"]
    assert offered(shell, "papers week ") == ["this", "last"]
    assert offered(shell, "papers month l") == ["last"]


def test_a_rare_tag_is_offered_among_many_common_ones(library) -> None:
    """Tab read the 1,000 most used tags and then kept those starting with what was typed:
    past them a rarer tag was never offered, whatever was typed."""
    from hubserver import seed_items

    first, second = (item["paper"]["id"] for item in seed_items()[:2])
    common = [f"a{n:04}" for n in range(1000)]
    for pid in (first, second):
        assert library("tag", pid, *common).exit_code == 0
    assert library("tag", first, "bayes").exit_code == 0
    assert offered("bash", "papers today --tag b") == ["bayes"]
    assert offered("bash", "papers tags -d B") == ["bayes"]  # (stored case-folded)
    assert len(offered("bash", "papers today --tag a")) == 200  # a screenful, most used


def test_for_you_like_offers_paper_ids(library) -> None:
    """`for-you --like` takes ids, as `related` does, but Tab offered none."""
    from hubserver import seed_items

    pid = seed_items()[0]["paper"]["id"]
    assert offered("bash", f"papers related {pid[:-1]}") == [pid]
    assert offered("bash", f"papers for-you --like {pid[:-1]}") == [pid]


def test_tag_offers_ids_then_tags_and_import_tag_offers_tags(library) -> None:
    """`papers tag ID... TAG...` offered tags alone, so `papers tag 2401.0<Tab>` offered
    nothing; `papers import --tag` offered no tag."""
    from hubserver import seed_items

    pid = seed_items()[0]["paper"]["id"]
    assert library("tag", pid, "bayes", "2024-reading").exit_code == 0
    assert offered("bash", f"papers tag {pid[:-1]}") == [pid]
    assert offered("bash", f"papers untag {pid[:-1]}") == [pid]
    assert offered("bash", "papers tag 202") == ["2024-reading"]  # (no id so begins)
    assert offered("bash", f"papers tag {pid} b") == ["bayes"]
    assert offered("bash", "papers import refs.bib --tag b") == ["bayes"]


@pytest.mark.parametrize("shell", SHELLS)
def test_tags_rename_offers_your_tags(library, shell: str) -> None:
    """`papers tags --rename <Tab>` offered nothing, where `--delete` offers your tags: the
    tag to rename is one of them (and NEW may be one, to merge into it)."""
    from hubserver import seed_items

    pid = seed_items()[0]["paper"]["id"]
    assert library("tag", pid, "bayes", "vision").exit_code == 0
    assert offered(shell, "papers tags --rename b") == ["bayes"]
    assert offered(shell, "papers tags -m V") == ["vision"]
    assert offered(shell, "papers tags --rename bayes v") == ["vision"]


@pytest.mark.parametrize("shell", SHELLS)
def test_ids_joined_with_commas_complete_past_the_comma(library, shell: str) -> None:
    """`tag --ids` and `for-you --like` take ids joined with commas, as their help says,
    but past the comma Tab offered nothing: the next id is completed, those before it kept
    in front and not offered again."""
    from hubserver import seed_items

    first, second = (item["paper"]["id"] for item in seed_items()[:2])
    assert offered(shell, f"papers tag --ids {first},{second[:-1]}") == [f"{first},{second}"]
    assert offered(shell, f"papers for-you --like {first},{second[:-1]}") == [
        f"{first},{second}"]
    assert offered(shell, f"papers for-you --like {first},{first[:-1]}") == []
    assert offered(shell, f"papers for-you --like {first[:-1]}") == [first]
