"""Shell completion: which command a completion request is about, and the values worth
offering (family names, watch names, paper ids, organizations, authors and submitters from
the library, your tags, config keys and their choices, arXiv categories, sources, the words
a period or a date takes).

A shell asks on every Tab, so the answer has to come back within ~150 ms: `main()` uses
`command_word` to build only the command being completed, and the value callbacks read
config.toml through the config module's bounded reader and the library or user.db with
one indexed SQL query (db/complete.py, which imports sqlite3 alone), importing nothing
heavy. Any failure (no
library yet, a broken config) offers nothing rather than printing an error into the
user's prompt.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from pathlib import Path

COMPLETE_VAR = "_PAPERS_COMPLETE"
MAX_IDS = 200  # a shell shows a screenful anyway


def requested() -> bool:
    """Is this process a shell's completion request (Typer's protocol)?"""
    return bool(os.environ.get(COMPLETE_VAR))


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def show_script(args: list[str]) -> str | None:
    """`papers --show-completion [SHELL]` (or `=SHELL`): the script of the shell named,
    else of the one it runs from, for `main()` to print. Left to Click, the flag took no
    value (it guessed the shell and read "zsh" as a command) and a shell it cannot serve
    was "Shell sh not supported."; an unknown shell is a usage error. None when it was
    not such a request."""
    asked, shell = _shell_named(args, "--show-completion")
    if not asked:
        return None
    from typer._completion_shared import get_completion_script

    shell = _shell_for(shell, "--show-completion")
    _own_scripts()
    return get_completion_script(prog_name="papers", complete_var=COMPLETE_VAR,
                                 shell=shell) + "\n"


# What the bash script below reads as "nothing to offer, and no file either": a line no
# value can be (bash_word writes every `:` of a value as `\:`). The script asks for it
# (NONE_VAR): one installed before it was there offers files then, as it always did.
NONE, NONE_VAR = ":", "_PAPERS_COMPLETE_NONE"

# Typer's bash script, with its fallback to file names (`complete -o default`, which
# offered the files of the folder wherever papers had nothing to offer: `papers trends
# <Tab>`, `search <Tab>`, `--keyword <Tab>`) turned off when papers answers NONE.
BASH_SCRIPT = f"""
%(complete_func)s() {{
    local IFS=$'\\n'
    COMPREPLY=( $( env COMP_WORDS="${{COMP_WORDS[*]}}" \\
                   COMP_CWORD=$COMP_CWORD {NONE_VAR}=1 \\
                   %(autocomplete_var)s=complete_bash $1 ) )
    if [[ "${{COMPREPLY[*]}}" == "{NONE}" ]]; then
        COMPREPLY=()
        compopt +o default
    fi
    return 0
}}

complete -o default -F %(complete_func)s %(prog_name)s
"""


def _own_scripts() -> None:
    """Typer's scripts, bash's replaced by BASH_SCRIPT, for --show-completion and
    --install-completion (which both take the script from Typer's table)."""
    from typer import _completion_shared

    _completion_shared._completion_scripts["bash"] = BASH_SCRIPT


def install_script(args: list[str]) -> bool:
    """`papers --install-completion [SHELL]` (or `=SHELL`): installs for the shell named,
    else the one it runs from. Left to Click, the flag took no value (it installed for the
    shell it detected whatever was named), a shell it cannot serve was "Shell sh is not
    supported." and a HOME it cannot write a traceback; each is now one papers line. True
    when it was such a request (and the script was installed)."""
    asked, shell = _shell_named(args, "--install-completion")
    if not asked:
        return False
    from typer._completion_shared import install

    from papercli.errors import PapersError

    shell = _shell_for(shell, "--install-completion")
    _refuse_links(shell)
    try:
        before = _startup_text(shell)
        _own_scripts()
        shell, path = install(shell=shell, prog_name="papers", complete_var=COMPLETE_VAR)
        _unless_changed(shell, path, before)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError) and exc.filename == shell:
            # PowerShell's profile path is asked of the program itself: without it the
            # line said "powershell: No such file or directory — make . writable".
            # (a hint naming --show-completion made the line 98 columns: the shell is
            # what is missing, and PATH where it is looked for)
            _fail(PapersError(f"cannot install {shell} completion: {shell} is not on PATH"))
        _fail(_unwritable(exc, shell))
    from pathlib import Path

    from papercli import output
    from papercli.paths import tilde

    # The file written, then what loads it and what to do next, each line within 80
    # columns: the one line (a full path, then ~/.bashrc) made about 120.
    where = tilde(Path(path))
    done = f"installed {shell} completion in {where}"
    if len(f"papers: {done}") > 80:  # (PowerShell's profile: the path on a line of its own)
        output.note(f"installed {shell} completion in this file:")
        done = where
    output.note(done)
    rc = RC_FILES.get(shell)
    if rc:
        startup = tilde(Path.home() / rc)
        again = f"source {startup}" if shell == "bash" else f"exec {shell}"
        output.note(f"{startup} loads it: open a new shell, or run: {again}")
    else:
        output.note("it works in a new shell")
    return True


def _unwritable(exc: OSError, shell: str) -> BaseException:
    """The error for an install that could not write a file (`exc`): what to do about
    it (a file or folder in the way moved aside, else the place made writable), or to add
    the script yourself, in 80 columns where the whole paths made 195 ("cannot install bash
    completion: /home/…/.bash_completions: File exists — make /home/…/.bash_completions
    writable, or …"): the file by its path with ~, in fewer words."""
    import errno
    from pathlib import Path

    from papercli.errors import PapersError
    from papercli.paths import nearest_existing, tilde

    said = f"{exc.strerror or exc}"
    yourself = f"add the script yourself (papers --show-completion {shell})"
    if not exc.filename:
        return PapersError(f"cannot install {shell} completion: a file: {said}",
                           hint=yourself)
    path = Path(exc.filename)
    if exc.errno in (errno.EEXIST, errno.ENOTDIR, errno.EISDIR):  # (in the way)
        fix, brief = f"move {path} aside", "move it aside"
    else:
        blocker = nearest_existing(path)
        fix = f"make {blocker} writable"
        brief = "make it writable" if blocker == path else f"make {tilde(blocker)} writable"
    error = PapersError(f"cannot install {shell} completion: {path}: {said}",
                        hint=f"{fix}, or {yourself}")
    error.shorter = [
        (f"cannot install {shell} completion: {tilde(path)}: {said}", f"{brief}, or {yourself}"),
        (f"cannot write {tilde(path)}: {said}", f"{brief}, or see papers --show-completion "
                                                f"{shell}"),
        (f"cannot write {tilde(path)}: {said}", brief), (f"{tilde(path)}: {said}", brief)]
    return error


# The startup file Typer's install adds lines to, per shell (it says nothing of them): the
# note names it, so that a change to the user's own file is never silent.
RC_FILES = {"bash": ".bashrc", "zsh": ".zshrc"}
# Where Typer's install writes each shell's script, under the home folder.
SCRIPT_FILES = {"bash": ".bash_completions/papers.sh", "zsh": ".zfunc/_papers",
                "fish": ".config/fish/completions/papers.fish"}


def _refuse_links(shell: str) -> None:
    """A symbolic link where the install writes (a dotfiles ~/.bashrc, a link planted at
    the script's place) is refused, naming the file it leads to, as config.toml's is:
    Typer's install wrote through it, the script over whatever the link led to."""
    import os
    from pathlib import Path

    from papercli.errors import PapersError
    from papercli.paths import tilde

    for name in (RC_FILES.get(shell), SCRIPT_FILES.get(shell)):
        path = Path.home() / name if name else None
        if path is None or not path.is_symlink():
            continue
        link = f"{tilde(path)} is a symbolic link to {tilde(Path(os.path.realpath(path)))}"
        error = PapersError(link, hint="papers writes through no link: add the script "
                            f"yourself (papers --show-completion {shell})")
        error.shorter = [(link, f"see papers --show-completion {shell}"),
                         (f"{tilde(path)} is a symbolic link",
                          f"see papers --show-completion {shell}"), (link, None),
                         (f"{tilde(path)} is a symbolic link", None)]
        _fail(error)


def _startup_text(shell: str | None) -> str | None:
    """The shell's startup file as it is before an install (None: there is none)."""
    from pathlib import Path

    rc = RC_FILES.get(shell or "")
    try:
        return (Path.home() / rc).read_text() if rc else None
    except (OSError, UnicodeDecodeError):
        return None


# The line Typer's zsh install adds to ~/.zshrc beside the one that loads the script: a
# menu for every command's completion, the user's choice to make, not papers'.
ZSH_MENU = "zstyle ':completion:*' menu select"


def _unless_changed(shell: str, script: str | Path, before: str | None) -> None:
    """Put the startup file back as it was when it loaded the script already: Typer's bash
    install adds a blank line to ~/.bashrc each time it runs (five runs, four blank lines),
    so installing again was not a no-op. Typer's zsh install also set `ZSH_MENU`, changing
    how every command completes: the line is taken out again when papers added it."""
    from pathlib import Path

    rc = RC_FILES.get(shell)
    if shell == "bash" and rc and before is not None and f"source '{script}'" in before:
        (Path.home() / rc).write_text(before)
    if shell == "zsh" and rc and ZSH_MENU not in (before or ""):
        path = Path.home() / rc
        text = path.read_text()
        if f"\n{ZSH_MENU}\n" in f"\n{text}":
            lines = text.splitlines(keepends=True)
            at = lines.index(f"{ZSH_MENU}\n")
            if at and not lines[at - 1].strip():  # (and the blank line Typer put before it)
                at -= 1
                del lines[at]
            del lines[at]
            path.write_text("".join(lines))


def _shell_named(args: list[str], flag: str) -> tuple[bool, str | None]:
    """(whether `args` are `flag`, `flag SHELL` or `flag=SHELL` and nothing more, the shell
    named or None)."""
    if not args or not args[0].startswith(flag):
        return False, None
    given, eq, value = args[0].partition("=")
    if given != flag:
        return False, None
    if eq:
        return len(args) == 1, value
    if len(args) > 2:
        return False, None  # more words: Click says what is wrong with them
    return True, args[1] if len(args) == 2 else None


def _shell_for(named: str | None, flag: str) -> str:
    """The shell named, else the one this runs from (shellingham, as Typer asks), else
    the login shell `$SHELL` names when no shell runs it (cron, an IDE's task, a
    detached job); a usage error (exit 2) when it is one without completion or cannot
    be told."""
    if named is not None:
        return _supported(named, flag)
    shell = None
    if not os.environ.get("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"):
        from typer._completion_shared import _get_shell_name

        shell = _get_shell_name()
    if shell is None and os.environ.get("SHELL"):
        shell = os.path.basename(os.environ["SHELL"].strip()) or None
    if shell is None or shell not in SHELLS:
        from papercli.errors import UsageError

        what = ("cannot tell which shell this is" if shell is None
                else f"no completion for this shell ({shell[:40]})")
        _fail(UsageError(what, hint=f"name one: papers {flag} bash (or zsh, fish, "
                                    "powershell)"))
    return shell


def _supported(shell: str, flag: str) -> str:
    """`shell`, or a usage error (exit 2) naming the shells there are."""
    if shell not in SHELLS:
        from papercli.errors import UsageError, quoting_shorter
        from papercli.sanitize import quoted

        error = UsageError(f"unknown shell {quoted(shell, 40)} for {flag}",
                           hint="bash, zsh, fish or powershell")
        # (the flag just typed is left out where the line passes 80 columns: 94 with it)
        error.shorter = quoting_shorter(
            lambda shown: f"unknown shell {shown}", shell[:41],
            "use bash, zsh, fish or powershell",
            [(lambda shown: f"no shell {shown}", "use bash, zsh, fish or powershell")])
        _fail(error)
    return shell


def _fail(exc: BaseException) -> NoReturn:
    from papercli.cli import failures

    sys.exit(failures.report(exc))


def mend_bash_words() -> None:
    """Join what bash split at `=` back into an option and its value. bash breaks words at
    `=` (COMP_WORDBREAKS), so `--sort=up` reaches Click as `--sort`, `=`, `up`: `=` was
    read as the option's value and nothing was offered. `--sort`, `up` completes the
    value (bash puts it after the `=`), and `--sort=` with nothing after it yet offers
    every value."""
    import shlex

    from typer._click.shell_completion import split_arg_string

    if "COMP_WORDS" not in os.environ:  # zsh, fish: Click splits `--sort=up` itself
        return
    try:
        words = split_arg_string(os.environ.get("COMP_WORDS", ""))
        cword = int(os.environ.get("COMP_CWORD", ""))
    except ValueError:
        return
    mended: list[str] = []
    at = cword
    for i, word in enumerate(words):
        if word == "=" and mended and mended[-1].startswith("--") and i <= cword:
            if i == cword:
                mended.append("")  # `--sort=` with the cursor after `=`: its value, so far
            else:
                at -= 1
            continue
        mended.append(word)
    if at != cword or mended != words:
        os.environ["COMP_WORDS"] = shlex.join(mended)
        os.environ["COMP_CWORD"] = str(at)


def glue_equals_forms() -> None:
    """Typer's classes for bash, zsh and fish are replaced by ones that put every value
    on the line so the shell reads it back as the same word, and (zsh, fish) complete
    `--sort=up` as `--sort up` does.

    zsh and fish hand over `--sort=up` whole: Click completed the value (`upvotes`), which
    the shell then dropped as not starting with what was typed; the value after `=` is
    completed and offered with the option in front (`--sort=upvotes`). bash escaped only
    spaces and zsh mangled quotes and backslashes (`it's` became `its`): `bash_word` and
    `zsh_element` quote a value for each. A value that is not plain text (a control
    character, a line break) is never offered, whoever produced it."""
    import typer.completion  # noqa: F401  (registers Typer's classes, which these replace)
    from typer._click.shell_completion import CompletionItem, add_completion_class
    from typer._completion_classes import (
        BashComplete,
        FishComplete,
        PowerShellComplete,
        ZshComplete,
    )

    def plain(base: Any) -> Any:
        class Plain(base):  # type: ignore[misc]
            def get_completions(self, args: list[str], incomplete: str) -> list[Any]:
                from papercli.sanitize import is_plain

                items = [CompletionItem(unmarked(item.value), type=item.type,
                                        help=item.help)
                         if AS_TYPED in str(item.value) else item
                         for item in _completions(self, args, incomplete)]
                return [item for item in items
                        if isinstance(item.value, str) and is_plain(item.value)]

        return Plain

    def glued(base: Any) -> Any:
        class Glued(plain(base)):  # type: ignore[misc]
            front = ""  # `--sort=` when the word typed is an option and its value

            def get_completion_args(self) -> tuple[list[str], str]:
                args, incomplete = super().get_completion_args()
                option, eq, value = incomplete.partition("=")
                if not (eq and option.startswith("--")):
                    return args, incomplete
                self.front = option + eq
                return [*args, option], value

            def format_completion(self, item: Any) -> str:
                if self.front:
                    item = CompletionItem(self.front + item.value, help=item.help)
                return str(super().format_completion(item))

        return Glued

    class QuotedZsh(ZshComplete):
        def format_completion(self, item: Any) -> str:
            value = zsh_element(item.value, describe=True)
            if not item.help:
                return value
            return f"{value}:{zsh_element(plain_help(item.help))}"

        def complete(self) -> str:
            """Typer's `_arguments` line, then the values after `-- ` (DASHED) added
            as they are to be put on the line: `_arguments` would quote the space.
            A value that does not start with what was typed (`LLaMA` for `ll`, found in
            any case) is added with a matcher that takes either case (ANY_CASE): zsh
            keeps only the values that start with exactly what was typed."""
            args, incomplete = self.get_completion_args()
            items = self.get_completions(args, incomplete)
            front = getattr(self, "front", "")  # `--family=` (`glued`)

            def replaces(item: Any) -> bool:
                return not str(item.value).startswith(incomplete)

            listed = "\n".join(self.format_completion(item) for item in items
                               if item.type != DASHED and not replaces(item))
            lines = [f"_arguments '*: :(({listed}))'"] if listed else []
            for dashed, flags in ((False, ANY_CASE), (True, f"-P {zsh_string('-- ')}"),
                                  (True, f"{ANY_CASE} -P {zsh_string('-- ')}")):
                added = [zsh_string((front if not dashed else "") + item.value)
                         for item in items if (item.type == DASHED) == dashed
                         and replaces(item) == (ANY_CASE in flags)]
                if added:
                    lines.append(f"compadd {flags} -- " + " ".join(added))
            if lines:
                return " ; ".join(lines)
            if not getattr(self, "files", True):  # (wants_files)
                return ""
            # `--output=co`: the file name after the `=` (zsh's file completion took the
            # whole word for a file's name, and found none)
            return "compset -P '*=' ; _files" if front else "_files"

    class DashlessFish(FishComplete):
        """fish quotes every value it puts on the line, so `-- -x` cannot be offered:
        a value starting with `-` completes once `--` is typed."""

        def format_completion(self, item: Any) -> str:
            value = str(item.value)
            return f"{value}\t{plain_help(item.help)}" if item.help else value

        def get_completions(self, args: list[str], incomplete: str) -> list[Any]:
            return [item for item in super().get_completions(args, incomplete)
                    if item.type != DASHED]

        def complete(self) -> str:
            """fish asks first whether papers has values (`is-args`), and offers the
            folder's files when it says no: it says yes when a file is not wanted
            (wants_files), so nothing is offered then."""
            if os.environ.get("_TYPER_COMPLETE_FISH_ACTION") != "is-args":
                return str(super().complete())
            args, incomplete = self.get_completion_args()
            items = self.get_completions(args, incomplete)
            sys.exit(0 if items or not getattr(self, "files", True) else 1)

    add_completion_class(glued(QuotedZsh), ZshComplete.name)
    add_completion_class(glued(DashlessFish), FishComplete.name)

    class QuotedBash(plain(BashComplete)):  # type: ignore[misc]
        """bash puts a value on the line as it comes (`complete -F` without `-o
        filenames`): `my llava` became two words and `q&a` a background job."""

        def format_completion(self, item: Any) -> str:
            word = bash_word(str(item.value), bash_open_quote())
            return f"-- {word}" if item.type == DASHED else word

        def complete(self) -> str:
            """The values, one a line; NONE when there are none and no file is wanted
            (wants_files), for a script that asks for it (BASH_SCRIPT)."""
            args, incomplete = self.get_completion_args()
            out = [self.format_completion(item)
                   for item in self.get_completions(args, incomplete)]
            if not out and os.environ.get(NONE_VAR) and not getattr(self, "files", True):
                return NONE
            return "\n".join(out)

    add_completion_class(QuotedBash, BashComplete.name)
    for name in ("powershell", "pwsh"):  # (PowerShell puts a value in the word's place)
        add_completion_class(plain(PowerShellComplete), name)


def plain_help(text: str) -> str:
    """A command's or option's help as zsh and fish show it beside the name, on one line.
    Typer's classes ran it through Rich to take out markup papers never writes (its help
    is plain text: `rich_markup_mode=None`), importing Rich on every Tab that offers
    commands or options: about 100 ms of the 130 a Tab may take."""
    return " ".join(text.split())


# zsh's matcher for a letter in either case (`zshcompwid`), for values found in any case:
# `ll` matches `LLaMA` and `LLaVA`, and zsh puts their common start, `LLa`, in its place.
ANY_CASE = "-M 'm:{[:lower:][:upper:]}={[:upper:][:lower:]}'"


# The type of a value for an argument that starts with `-` and has no `--` before it: put
# on the line bare, `watch rm -x` was "no such option: -x"; it is offered after `-- `.
DASHED = "dashed"


def _completions(shell: Any, args: list[str], incomplete: str) -> list[Any]:
    """Click's completions (ShellComplete.get_completions), with each value for an
    argument that starts with `-` while no `--` was typed marked DASHED. Click offers
    only options when what is typed starts with `-`: after an option taking a value
    (`--watch -x`, which it reads as the value) that value is offered instead, and
    otherwise the argument's values that start with it are added, marked DASHED. Where
    commands are offered, `help` is too (`papers h` offered `hide` alone), and after it
    only commands' names (`papers help watch ` offered every top-level command again)."""
    from typer._click.shell_completion import (
        CompletionItem,
        _is_incomplete_option,
        _resolve_context,
        _resolve_incomplete,
    )
    from typer.core import TyperGroup

    def dashed(obj: Any, rest: str) -> list[Any]:
        return [CompletionItem(item.value, type=DASHED, help=item.help)
                if str(item.value).startswith("-") else item
                for item in obj.shell_complete(ctx, rest)]

    args, after_help = _without_help(list(args))
    ctx = _resolve_context(shell.cli, shell.ctx_args, shell.prog_name, args)
    obj, rest = _resolve_incomplete(ctx, args, incomplete)
    shell.files = not after_help and wants_files(obj)
    group = isinstance(obj, TyperGroup) and not incomplete.startswith("-")
    if after_help:  # `papers help wat`, `papers help watch a`: a command's name, or nothing
        return list(obj.shell_complete(ctx, rest)) if group else []
    if "--" in args:
        return list(obj.shell_complete(ctx, rest))
    if getattr(obj, "param_type_name", "") == "argument":
        return dashed(obj, rest)
    if incomplete.startswith("-"):  # Click offers options only
        for param in ctx.command.get_params(ctx):
            if _is_incomplete_option(ctx, list(args), param):  # `--watch -x`: its value
                return list(param.shell_complete(ctx, incomplete))
    items = list(obj.shell_complete(ctx, rest))
    if group and HELP.startswith(incomplete):  # among the commands, as main() takes it
        items.append(CompletionItem(HELP, help="Show a command's help."))
    if incomplete.startswith("-"):
        arg, rest = _resolve_incomplete(ctx, [*args, "--"], incomplete)
        if getattr(arg, "param_type_name", "") == "argument":
            items += [item for item in dashed(arg, rest) if item.type == DASHED]
    return items


# The metavars of the values that name a file or folder (`import FILE...`, `export --split
# DIR`), besides the options typed as paths (`-o FILE`).
FILE_METAVARS = frozenset({"FILE", "FILE...", "DIR"})


def wants_files(param: Any) -> bool:
    """Whether the value being completed names a file or folder, so that the shell offers
    the files it finds when papers has nothing to offer; elsewhere (a word, a query, a
    number: `papers trends <Tab>`) it offers nothing rather than the folder's files."""
    from typer.models import TyperPath

    return (isinstance(getattr(param, "type", None), TyperPath)
            or getattr(param, "metavar", None) in FILE_METAVARS)


HELP = "help"  # `papers help [COMMAND]`, `papers GROUP help [COMMAND]` (cli/main.py)


def _without_help(args: list[str]) -> tuple[list[str], bool]:
    """The words typed without the `help` that asks for a command's help, as `main()`
    reads it (`papers help watch`, `papers help help`, `papers watch help`), and whether
    there was one: what follows it is a command's name."""
    from papercli.cli.commands import GROUPS

    if args[:1] == [HELP]:
        while args[:1] == [HELP]:
            args = args[1:]
        return args, True
    if len(args) > 1 and args[0] in GROUPS and args[1] == HELP:
        return [args[0], *args[2:]], True
    return args, False


def zsh_string(text: str) -> str:
    """`text` as a zsh `$'...'` string that survives the script's `eval $(papers)` (which
    splits the answer at whitespace and joins it with one space)."""
    escaped = "".join("\\" + c if c in "\\'" else "\\x20" if c == " " else c
                      for c in text)
    return f"$'{escaped}'"


# What bash reads as itself anywhere in a word; every other ASCII character is escaped.
_BASH_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                        "_./+,%-")


def bash_word(value: str, quote: str = "") -> str:
    """`value` as bash reads it back as one word: each ASCII character bash could take
    for syntax (a space, a quote, `$`, `\\`, `&`, `;`, `*`, a leading `~` or `#`, and the
    `:` and `=` bash's completion splits words at) after a backslash, as its own file
    completion writes them; other characters (`größe`) as they are. After a quote the
    word opened (`quote`: `'my`), bash puts the value after that quote and closes it:
    the value as that quote reads it (`my\\ llava` became `'my\\ llava'`, a backslash in
    the name)."""
    if quote == "'":
        return value.replace("'", "'\\''")
    if quote == '"':
        return "".join("\\" + c if c in '\\"$`' else c for c in value)
    return "".join(c if c in _BASH_PLAIN or not c.isascii() else "\\" + c for c in value)


def bash_open_quote() -> str:
    """The quote the word bash is completing opens and leaves open (`'` for `'my ll`),
    or "": read from COMP_WORDS as bash's script gives it (the words one a line)."""
    words = os.environ.get("COMP_WORDS", "")
    try:
        word = words.split("\n" if "\n" in words else " ")[int(os.environ["COMP_CWORD"])]
    except (KeyError, ValueError, IndexError):
        return ""
    quote, escaped = "", False
    for c in word:
        if escaped:
            escaped = False
        elif c == "\\" and quote != "'":
            escaped = True
        elif c in "'\"" and quote in ("", c):
            quote = "" if quote else c
    return quote


def zsh_element(text: str, *, describe: bool = False) -> str:
    """`text` as one element of the `_arguments '*: :(("value":"help" ...))'` line Typer's
    zsh script evals: the script runs `eval $(papers)`, which splits the answer at
    whitespace and joins it with one space, then `_arguments` evals the list again and
    `_describe` splits each element at its first unescaped `:` and drops backslashes.
    Each layer is undone in turn: for `_describe` (`describe`, a value) `\\` and `:`
    escaped; then double quotes with `\\`, `"`, `$` and a backquote escaped; a space as
    `$'\\x20'` outside the quotes (a run of them would become one); then `'` closed and
    reopened for the single quotes round the list."""
    if describe:
        text = text.replace("\\", "\\\\").replace(":", "\\:")
    quoted = "".join("\\" + c if c in '\\"$`' else c for c in text)
    if describe:
        quoted = quoted.replace(" ", "\"$'\\x20'\"")
    return ('"' + quoted + '"').replace("'", "'\\''")


def command_word() -> str | None:
    """The first word after `papers` on the line being completed, when it is complete
    (followed by more), so `main()` can build just that command; None otherwise. The
    words are split as the shells' classes split them (Click's split_arg_string, which
    takes a word still being typed: `'my ll` with its quote open, or `my\\` where bash
    put the common start of `my\\ llava` and `my\\ lora`): shlex.split refused those,
    and the command built without its parameters offered nothing."""
    from typer._click.shell_completion import split_arg_string

    if "COMP_WORDS" in os.environ:  # bash
        words = split_arg_string(os.environ["COMP_WORDS"])
        try:
            cword = int(os.environ.get("COMP_CWORD", "0"))
        except ValueError:
            return None
        words = words[1:cword]
    else:  # zsh, fish, powershell: the line so far, the word being typed last
        line = os.environ.get("_TYPER_COMPLETE_ARGS", "")
        words = split_arg_string(line)
        if not line.endswith(" "):
            words = words[:-1]  # the last word is still being typed
        words = words[1:]
    for word in words:
        if not word.startswith("-"):
            return word
        if word in ("--install-completion", "--show-completion"):
            return None
    return None


def _config() -> dict[str, object]:
    """config.toml's tables, read as every command reads them (config.read_toml: at most
    MAX_TEXT characters, nesting bounded), or nothing on any failure (read_quietly)."""
    from papercli import config, paths

    return config.read_quietly(paths.config_path())


def _matching(names: list[str], incomplete: str, *, any_case: bool = False) -> list[str]:
    """Names starting with what is typed (`as_typed` marks those that start with it in
    another case)."""
    return as_typed(_found(names, incomplete, any_case=any_case), incomplete)


def _found(names: list[str], incomplete: str, *, any_case: bool = False) -> list[str]:
    """Names starting with what is typed. With `any_case` (names their options take in
    any case: families, organizations, watches, categories) `Ll` and `ll` find `LLaMA`
    and `LLaVA`, offered as they are: the typed start glued onto the rest of the name
    offered `LlaMA`. A name from a hand-edited config with a control character or line
    break is never offered (it would reach the terminal raw, or be split into two
    values)."""
    from papercli.sanitize import candidates

    folded = incomplete.casefold()
    seen: dict[str, None] = {}
    for name in candidates(names):
        if name.startswith(incomplete) or (
                any_case and name.casefold().startswith(folded)):
            seen.setdefault(name, None)
    return list(seen)


# Typer keeps only the values that start with exactly what was typed (its autocompletion
# wrapper), so a name found in another case passes it as what was typed, this mark, then
# the name; `glue_equals_forms`' classes take the name back out (`unmarked`) and have the
# shell put it in place of the word typed (bash and fish do; zsh is told to, `compadd -U`).
AS_TYPED = "\0"


def as_typed(values: list[str], incomplete: str) -> list[str]:
    """`values`, each that does not start with exactly what was typed marked to pass
    Typer's filter (AS_TYPED)."""
    return [value if value.startswith(incomplete) else f"{incomplete}{AS_TYPED}{value}"
            for value in values]


def unmarked(value: str) -> str:
    """A value as offered: without what was typed and AS_TYPED in front (`as_typed`)."""
    return value.partition(AS_TYPED)[2] or value


def family_names(incomplete: str) -> list[str]:
    """Built-in families and those defined in config.toml (`[families.NAME]`)."""
    try:
        from papercli.families import builtin_families

        names = [f.name for f in builtin_families()]
    except Exception:  # completion never fails loudly
        names = []
    table = _config().get("families")
    if isinstance(table, dict):
        names += [str(name) for name in table]
    return _matching(sorted(names, key=str.casefold), incomplete, any_case=True)


def watch_names(incomplete: str) -> list[str]:
    """The `[watch.NAME]` tables of config.toml, any case, as `--watch` finds them (`my
    llava` reaches bash escaped: `glue_equals_forms`)."""
    table = _config().get("watch")
    names = [str(name) for name in table] if isinstance(table, dict) else []
    return _matching(names, incomplete, any_case=True)


def config_keys(ctx: Any, incomplete: str) -> list[str]:
    """The settings `papers config get/set/unset` know (config.SCHEMA), and for `get` and
    `unset`, which take a section's name too (`papers config unset display`), the
    sections."""
    from papercli.config import SCHEMA

    keys = list(SCHEMA)
    if getattr(ctx, "info_name", None) in ("get", "unset"):
        keys += sorted({key.partition(".")[0] for key in SCHEMA})
    return _matching(keys, incomplete)


def config_values(ctx: Any, incomplete: str) -> list[str]:
    """A value for `papers config set KEY`: the key's choices, true or false, (for
    sources.arxiv) arXiv categories or (for display.columns) column names, after a comma
    the next one; nothing for a free value (a number, a URL)."""
    from papercli.config import SCHEMA

    key = str(getattr(ctx, "params", {}).get("key") or "")
    setting = SCHEMA.get(key)
    if setting is None:
        return []
    if key == "display.columns":
        return column_names(incomplete)
    if setting.choices:
        return _matching(list(setting.choices), incomplete)
    if setting.type is bool:
        return _matching(["true", "false"], incomplete)
    if setting.type is list:
        return category_names(incomplete)
    return []


def column_names(incomplete: str) -> list[str]:
    """The table's column names (`--columns`, `display.columns`), the next one after a
    comma (`title,au` offers `title,authors`)."""
    from papercli.columns import NAMES

    return _in_list(list(NAMES), incomplete, ",")


def category_names(incomplete: str) -> list[str]:
    """arXiv's categories and archives (its taxonomy, built in), any case; after a comma
    or `+` (`cs.CL,cs.L`: a list, as every place taking categories reads it) the last
    one is completed, the ones before it kept: the README's `config set sources.arxiv
    cs.CL,cs.LG` offered nothing past the comma."""
    from papercli.sources.arxiv_taxonomy import NAMES

    return _in_list(sorted(NAMES, key=str.casefold), incomplete, ",+", any_case=True)


def _in_list(names: list[str], incomplete: str, separators: str, *,
             any_case: bool = False) -> list[str]:
    """`_matching` for the last item of a list typed as one word (`cs.CL,cs.L`), the
    items before it kept in front of each value offered."""
    cut = max(incomplete.rfind(sep) for sep in separators) + 1
    head, last = incomplete[:cut], incomplete[cut:]
    return as_typed([head + name for name in _found(names, last, any_case=any_case)],
                    incomplete)


def org_names(incomplete: str) -> list[str]:
    """The organizations' Hub names in the library, most papers first, any case: one
    read-only query of its organization index (complete.complete_orgs)."""
    from papercli import paths
    from papercli.db.complete import complete_orgs

    try:
        names = complete_orgs(paths.library_path())
    except Exception:  # no library yet, locked, damaged: offer nothing
        return []
    return _matching(names, incomplete, any_case=True)[:MAX_IDS]


def author_names(incomplete: str) -> list[str]:
    """The authors' names in the library starting with what is typed (any case), the
    most papers first, counted in the newest papers (complete.complete_authors, bounded
    so a Tab stays fast): `--author ada<Tab>` offers `Ada Lovelace` whole, for `--author`
    to find by. An `@` typed first offers the authors' Hub accounts instead
    (complete.complete_accounts), as `--author @NAME` finds them: `@hem` offers
    `@heminglan`."""
    from papercli import paths
    from papercli.db.complete import complete_accounts, complete_authors

    try:
        if incomplete.startswith("@"):
            names = ["@" + name for name in
                     complete_accounts(paths.library_path(), incomplete[1:], MAX_IDS)]
        else:
            names = complete_authors(paths.library_path(), incomplete, MAX_IDS)
    except Exception:  # no library yet, locked, damaged: offer nothing
        return []
    return _matching(names, incomplete, any_case=True)[:MAX_IDS]


def submitter_names(incomplete: str) -> list[str]:
    """The Hub users who put the library's papers on Daily Papers, starting with what is
    typed (any case; an `@` typed in front kept), the most papers first
    (complete.complete_submitters)."""
    from papercli import paths
    from papercli.db.complete import complete_submitters

    at = "@" if incomplete.startswith("@") else ""
    try:
        names = complete_submitters(paths.library_path(), incomplete[len(at):], MAX_IDS)
    except Exception:  # no library yet, locked, damaged: offer nothing
        return []
    return _matching([at + name for name in names], incomplete, any_case=True)[:MAX_IDS]


# The words --since and --until take besides a date (periods.parse_date): the periods
# named in words, then a span back from today (a number typed first offers its units).
DATE_WORDS = ("today", "yesterday", "this week", "last week", "this month", "last month",
              "this year", "last year", "7d", "2w", "3mo", "1y")
SPAN_UNITS = ("d", "w", "mo", "y")


def date_words(incomplete: str) -> list[str]:
    """The words a date option (`--since`, `--until`) takes, any case: today, yesterday,
    this or last week, month or year, spans back from today (7d, 2w, 3mo, 1y; `7`
    offers 7d, 7w, 7mo and 7y) and the weekdays. A date's digits are left to be typed
    (2026-08-01)."""
    spans = ([incomplete + unit for unit in SPAN_UNITS]
             if incomplete.isascii() and incomplete.isdigit() and len(incomplete) <= 3
             else [])
    from papercli.periods import WEEKDAYS

    return _matching([*spans, *DATE_WORDS, *WEEKDAYS], incomplete, any_case=True)


def source_names(incomplete: str) -> list[str]:
    """The sources --source takes (hf, arxiv)."""
    from papercli.criteria import SOURCE_NAMES

    return _matching(list(SOURCE_NAMES), incomplete)


def day_words(incomplete: str) -> list[str]:
    """The words `papers day` takes besides a date: today, yesterday, the weekdays."""
    from papercli.periods import WEEKDAYS

    return _matching(["today", "yesterday", *WEEKDAYS], incomplete)


def period_words(incomplete: str) -> list[str]:
    """The words `papers week` and `papers month` take besides a week or month."""
    return _matching(["this", "last"], incomplete)


def browse_kinds(incomplete: str) -> list[str]:
    """What `papers browse` can list (its WHAT)."""
    from papercli.tui import KINDS

    return _matching([kind for kind in KINDS if kind != "filter"], incomplete)


def browse_args(ctx: Any, incomplete: str) -> list[str]:
    """What follows `papers browse WHAT`, as the command it browses offers it: `day`
    today or yesterday, `week` and `month` this or last (one word: nothing after it),
    `related` the library's ids, `arxiv` categories. It offered nothing for any of them
    (`papers browse related 2608.2<Tab>`), where `papers related 2608.2<Tab>` does."""
    params = getattr(ctx, "params", {}) or {}
    kind = str(params.get("what") or "").strip().lower()
    if kind in ("day", "week", "month") and params.get("args"):
        return []  # (the one date, week or month is typed already)
    if kind == "day":
        return day_words(incomplete)
    if kind in ("week", "month"):
        return period_words(incomplete)
    if kind == "related":
        return paper_ids(incomplete)
    if kind == "arxiv":
        return category_names(incomplete)
    return []


def paper_ids(incomplete: str) -> list[str]:
    """Ids in the library starting with what is typed, newest first."""
    from papercli import paths
    from papercli.db.complete import complete_ids
    from papercli.sanitize import candidates

    try:
        return candidates(complete_ids(paths.library_path(), incomplete, MAX_IDS))
    except Exception:  # no library yet, locked, damaged: offer nothing
        return []


def id_list(incomplete: str) -> list[str]:
    """`paper_ids` for an option that also takes ids joined with commas (`tag --ids`,
    `for-you --like ID,ID`, as their help says): after a comma the next id is completed,
    the ones before it kept and not offered again. Past the comma it offered nothing."""
    head, comma, last = incomplete.rpartition(",")
    given = set(head.split(",")) if comma else set()
    return [f"{head}{comma}{pid}" for pid in paper_ids(last) if pid not in given]


def ids_or_tags(incomplete: str) -> list[str]:
    """`papers tag ID... TAG...`: what is typed as an id begins (a digit) completes the
    library's ids, and your tags that so begin; anything else, your tags (it offered tags
    alone: `papers tag 2608.1<Tab>` offered nothing)."""
    if incomplete[:1].isdigit():
        return [*paper_ids(incomplete), *tag_names(incomplete)][:MAX_IDS]
    return tag_names(incomplete)


def tag_names(incomplete: str) -> list[str]:
    """Your tags (`papers tag`) starting with what is typed, most used first: one
    read-only query of user.db (complete.complete_tags; tags are stored case-folded, so
    any case finds them, and they are offered as stored: `B` offers `bayes`)."""
    from papercli import paths
    from papercli.db.complete import complete_tags

    try:
        names = complete_tags(paths.user_db_path(), incomplete.casefold(), MAX_IDS)
    except Exception:  # no tags table yet, locked, damaged: offer nothing
        return []
    from papercli.sanitize import candidates

    return as_typed(candidates(names), incomplete)[:MAX_IDS]
