"""The root `papers` app: assembles the command modules and runs them.

Start-up matters (people run `papers` many times a day), so `main()` builds only the
command module the command line asks for: Typer turns every registered function into a
Click command before dispatching, and importing and building all of them costs more than
the command itself. `papers`, `papers --help` and anything unrecognised get the full app,
so help and "no such command" suggestions are complete. `app` (the full app, for tests and
docs) is built on first access. tests/test_docs.py checks that COMMANDS matches it.
Typer is the one parser; its usage errors are one line in papercli's style
(`_common.PapersGroup`, the root's class).
"""

import sys

from papercli import __version__
from papercli.cli.commands import COMMANDS, GROUPS, MODULES  # (re-exported: tests, docs)

# Nothing heavier than `sys` before main() can catch Ctrl-C: `typing` alone takes ~10 ms.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn

    import typer


HELP = ("Keep up with ML papers from the terminal: Hugging Face Daily Papers and arXiv, "
        "in a local library that works offline.")


def build_app(modules: list[str] | None = None, only: str | None = None,
              outline: bool = False) -> "typer.Typer":
    """The root app with the given command modules (all of them by default); `only` keeps
    just that top-level command of them. `outline` builds every command without its
    parameters (name and help only): all `papers --help`, a misspelt command's
    suggestions or a command-name completion need, at a third of the cost."""
    from importlib import import_module
    from typing import Annotated

    import typer

    from papercli.cli._common import PapersGroup
    from papercli.cli.options import format_alias

    def show_version(value: bool) -> None:
        if value:
            typer.echo(f"papercli {__version__}")
            raise typer.Exit()

    def root(
        version: Annotated[bool, typer.Option(
            "--version", callback=show_version, is_eager=True,
            help="Show the version and exit.")] = False,
    ) -> None:
        pass  # the root has no work of its own; its help is HELP

    application = typer.Typer(
        name="papers",
        cls=PapersGroup,
        help=HELP,
        epilog="Run 'papers COMMAND --help' for a command's options and examples.",
        no_args_is_help=True,
        add_completion=True,  # --install-completion, --show-completion (bash, zsh, fish)
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"],
                          "token_normalize_func": format_alias},
    )
    application.callback()(root)
    for name in modules or list(MODULES):
        module = import_module(f"papercli.cli.{name}")
        for attribute, group in MODULES[name]:
            sub: typer.Typer = getattr(module, attribute)
            if outline:
                sub = _outline(sub)
            for info in sub.registered_commands:
                info.short_help = info.short_help or _summary(
                    info.help or (info.callback.__doc__ if info.callback else None))
            if group is None:
                application.registered_commands.extend(
                    c for c in sub.registered_commands if only is None or c.name == only
                )
            elif only is None or only == group:
                application.add_typer(sub, name=group, short_help=_summary(sub.info.help))
    return application


def _summary(doc: "Any") -> str | None:
    """A command's whole first line, for the command lists of `papers --help` (Click would
    cut it at 45 characters: "(no..."); the lists wrap it to the terminal instead."""
    if not isinstance(doc, str) or not doc.strip():
        return None
    return doc.strip().split("\n\n", 1)[0].replace("\n", " ").strip()


def _outline(sub: "typer.Typer") -> "typer.Typer":
    """A copy of a command module's app whose commands take no parameters: converting a
    command's parameters is what building the whole app spends its time on."""
    import copy

    import typer

    def stub(doc: str | None) -> "Any":
        def command() -> None:
            raise AssertionError("an outline command never runs")  # main() builds the real one

        command.__doc__ = doc
        return command

    out = typer.Typer(help=sub.info.help, no_args_is_help=True)
    for info in sub.registered_commands:
        brief = copy.copy(info)
        brief.callback = stub(info.help or (info.callback.__doc__ if info.callback else None))
        brief.epilog = None
        out.registered_commands.append(brief)
    return out


_full: "typer.Typer | None" = None


def __getattr__(name: str) -> "Any":
    if name == "app":
        global _full
        if _full is None:
            _full = build_app()
        return _full
    raise AttributeError(name)


def main() -> None:
    """Run the command line. Ctrl-C at any moment, even while the modules are still being
    imported (the first ~100 ms), is one "interrupted" line and exit 130, never a
    traceback; SIGTERM unwinds like Ctrl-C (cleanup runs) and exits 143, SIGHUP (the
    terminal closed) likewise with 129.

    A real SIGINT (Ctrl-C, `kill -INT`) ends the process by SIGINT once it has cleaned up
    and said its line, as git and Python itself do: the shell's $? is 130 all the same,
    but a shell loop or script running `papers` stops with it. Exiting 130 told the shell
    the command had dealt with Ctrl-C itself, and `for d in ...; do papers sync ...;
    done` went on to the next one at each Ctrl-C. It is done by letting the interrupt
    out of main() (said, so the interpreter prints nothing), which the interpreter ends
    by SIGINT; a caller of main() in-process gets KeyboardInterrupt."""
    import signal

    global _sigint
    _sigint = False
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _on_sigint)  # (left ignored: a background job's)
    try:
        _main()
    except SystemExit as exc:
        if exc.code != 130 or not _sigint:
            raise
        sys.excepthook = _said_interrupt
        raise KeyboardInterrupt from None


_sigint = False  # whether this run took a real SIGINT (main())


def _on_sigint(signum: int, frame: object) -> None:
    """SIGINT's handler: Python's own (KeyboardInterrupt), and main() knows it came."""
    global _sigint
    _sigint = True
    raise KeyboardInterrupt


def _said_interrupt(kind: "type[BaseException]", value: BaseException, tb: "Any") -> None:
    """The interpreter's last word on the interrupt main() lets out: nothing (the command
    said it), then the interpreter ends itself by SIGINT."""
    if not issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)


def _main() -> None:
    """main()'s body: everything but how a real SIGINT ends the process."""
    import signal

    try:
        signal.signal(signal.SIGTERM, _on_sigterm)
        hangup = getattr(signal, "SIGHUP", None)  # (none on Windows)
        if hangup is not None and signal.getsignal(hangup) is signal.SIG_DFL:
            signal.signal(hangup, _on_sigterm)  # (left ignored under nohup)
        _open_closed_streams()
        from papercli.terminal import fit_streams

        fit_streams()  # a locale that is not UTF-8: write anything, never fail on "—"
        from papercli.cli import completion

        asked: list[str] | None = None  # the words `papers help` is asked about
        if sys.argv[1:2] == ["help"] and not completion.requested():
            # `papers help [COMMAND...]`, as git, gh and pip take it: that command's --help
            # (`papers help help`: the list of commands, as `papers help`)
            # (-h and --help say again what `help` says: `help -h today` showed the list
            # of commands, not today's help)
            words = [word for word in sys.argv[2:] if word not in ("-h", "--help")]
            _refuse_help_option(words)
            while words[:1] == ["help"]:
                words = words[1:]
            if words[:1] and words[0] in GROUPS and words[1:2] == ["help"]:
                words = [words[0], *words[2:]]  # (`help watch help add`: watch add's)
            asked = words
            sys.argv = [sys.argv[0], *words, "--help"]
        elif (sys.argv[2:3] == ["help"] and sys.argv[1] in GROUPS
              and not completion.requested()):
            # `papers watch help [add]`: as `papers help watch [add]` (it was "unknown
            # command 'help'"); no group has a command of that name
            asked = [sys.argv[1], *(w for w in sys.argv[3:] if w not in ("-h", "--help"))]
            sys.argv = [sys.argv[0], *asked, "--help"]
        args = sys.argv[1:]
        if args == ["--version"] and not completion.requested():
            # what scripts ask first and most often: no need for Typer (~3/4 of the cost)
            _print(f"papercli {__version__}\n")
            return
        first = args[0] if args and not args[0].startswith("-") else None

        script = completion.show_script(args)  # --show-completion [SHELL] / =SHELL
        if script is not None:
            _print(script)
            return
        if completion.install_script(args):  # --install-completion [SHELL] / =SHELL
            return

        if completion.requested():  # a shell's Tab: the command is in its variables
            completion.mend_bash_words()  # bash split `--sort=up` at its `=`
            first = completion.command_word()
        wanted = COMMANDS.get(first) if first else None
        if first and not wanted and not completion.requested():
            _paper_as_command(first)
        # No command (papers --help, --version) or an unknown one: names and help suffice.
        application = build_app([wanted], only=first) if wanted else build_app(outline=True)
        if asked and wanted:
            _refuse_extra_help_words(application, asked)
        if wanted and not completion.requested():
            _one_dash_long_options(application, args)
            import functools

            from papercli.cli._common import PapersGroup

            PapersGroup.whole = functools.partial(_whole_group, wanted)
        from papercli import outfile
        from papercli.cli._common import say_held

        outfile.on_held = say_held  # (Ctrl-C while a batch is stored: said at once)
        from papercli import terminal

        terminal.pager_failed = _say_pager_failed
        application(prog_name="papers")
    except KeyboardInterrupt as exc:  # outside any command body: nothing to clean up
        # (SIGTERM's and SIGHUP's exceptions come from there: imported by then)
        failures = sys.modules.get("papercli.cli.failures")
        word, code = failures.stopped(exc) if failures else ("interrupted", 130)
        sys.stderr.write(f"papers: error: {word}\n")
        sys.exit(code)


def _open_closed_streams() -> None:
    """Standard streams closed at the start (`papers today >&-`, `2>&-`) are opened on
    /dev/null, as git does: Python leaves such a stream None, and the first write to it
    was "unexpected AttributeError" (exit 1, the listing lost anyway); and a file opened
    later (the library) would take its number. What is written to it is gone, as with
    >/dev/null. sys.stdin stays None, for what reads it to say it is closed, and `papers
    mcp` keeps stdout None too: it says itself that it talks on them (the numbers are
    still taken, so no file is given them)."""
    import os

    mcp = sys.argv[1:2] == ["mcp"]
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        if getattr(sys, name) is not None:
            continue
        try:
            os.fstat(fd)
        except OSError:  # closed: /dev/null takes the lowest free number, this one
            got = os.open(os.devnull, os.O_RDWR)
            if got != fd:  # (should a lower number be free as well)
                os.dup2(got, fd)
                os.close(got)
        else:
            continue  # (open after all: not ours to replace)
        # Standard input stays None, as `papers mcp`'s stdin and stdout do: a command that
        # reads it says it is closed (`import - <&-`); its number is still taken.
        if fd != 0 and not (mcp and fd == 1):  # (open for the process's life, as stdout)
            stream = open(fd, "r" if fd == 0 else "w", encoding="utf-8",  # noqa: SIM115
                          closefd=False)
            setattr(sys, name, stream)


def _whole_group(module: str) -> "Any":
    """The root group with every command of `module` (an error's look beyond the one run:
    the commands beside it, for-you beside related)."""
    from typer.main import get_command

    return get_command(build_app([module]))


def _paper_as_command(word: str) -> None:
    """An unknown command that says what was meant: `papers 2401.01055`, a paper pasted
    where the command goes, names the command that shows it; `papers TODAY` (caps lock)
    the command in lower case. A usage error either way, rather than "unknown command"
    and the list of every command; any other word is left to the parser."""
    from papercli.models import id_or_none
    from papercli.sanitize import quoted

    if word.lower() in COMMANDS:
        message, hint = f"unknown command {quoted(word)}", f"did you mean {word.lower()}?"
    else:
        paper = id_or_none(word)
        if paper is None:
            return
        # (the id, not the URL or arXiv: form typed: "unknown command '…' — papers show
        # … shows that paper" ran past 80 columns)
        message, hint = f"{paper} is a paper, not a command", f"run papers show {paper}"
    from papercli import output

    output.error(message, hint)
    sys.exit(2)


def _refuse_extra_help_words(application: "typer.Typer", words: list[str]) -> None:
    """A usage error (exit 2) for a word past the command `papers help` is asked about
    (`help today`, `help watch add`; -h and --help aside): `papers help today extra`
    showed today's help and dropped `extra` without a word. A command that is not one
    (`help todya`, `help watch ad`) is left to the parser to name. (`words` come
    without -h and --help: `_main` took them out.)"""
    sub = words[1] if len(words) > 1 else ""  # (a group's command)
    if len(words) <= (2 if words[0] in GROUPS and sub and not sub.startswith("-") else 1):
        return  # (the common case: nothing past the command, no command built twice)
    from typer.main import get_command

    command, path = get_command(application), list[str]()
    for word in words:  # down to the (sub)command the words name, as Click goes
        found = getattr(command, "commands", {}).get(word)
        if found is None:
            break
        command, path = found, [*path, word]
    rest = words[len(path):]
    if not path or not rest or (getattr(command, "commands", None)
                                and not rest[0].startswith("-")):
        return
    _extra_help_word(rest[0], path)


def _refuse_help_option(words: list[str]) -> None:
    """A usage error (exit 2) for an option before the command `papers help` is asked
    about (`help --json today`), said as one after it is (`help today --json`): it was
    "no such option: --json — see 'papers --help'", and `help --version` the version."""
    option = next((word for word in words if word.startswith("-") and word != "--"), None)
    if option is None or words.index(option) >= next(
            (at for at, word in enumerate(words) if not word.startswith("-")), len(words)):
        return  # (none, or after the command: `_refuse_extra_help_words` says it)
    named = [word for word in words if not word.startswith("-")][:2]
    if named[1:] and named[0] not in GROUPS:
        named = named[:1]
    _extra_help_word(option, named)


def _extra_help_word(extra: str, path: list[str]) -> "NoReturn":
    """Exit 2 saying `extra` has no place in `papers help PATH...`."""
    from papercli.cli.failures import report
    from papercli.errors import UsageError, quoting_shorter
    from papercli.sanitize import quoted

    hint = " ".join(["try papers help", *path])  # (the help that was meant)
    error = UsageError(f"extra argument {quoted(extra)}", hint=hint)
    error.shorter = quoting_shorter(lambda shown: f"extra argument {shown}", extra, hint)
    sys.exit(report(error))


def _one_dash_long_options(application: "typer.Typer", args: list[str]) -> None:
    """A long option typed with one dash (`papers new -all`) is a usage error naming it:
    the parser reads it as a short option with a value glued on (`-a ll`, --author ll),
    and `new` then marked the few papers that matched seen and left every other new paper
    behind. A word that is an option's value (`-x -all`), or after `--`, is left alone."""
    import re

    end = args.index("--") if "--" in args else len(args)
    if not any(re.fullmatch(r"-[a-z][a-z-]+", word) for word in args[:end]):
        return  # (the common case: no command is built twice)
    from typer.main import get_command

    from papercli import output

    command = get_command(application)
    for word in args[:end]:  # down to the (sub)command the words name: `watch add`
        found = getattr(command, "commands", {}).get(word)
        if found is None:
            break
        command = found
    from papercli.cli._common import typed_words

    longs = {o for param in getattr(command, "params", ()) for o in getattr(param, "opts", ())}
    for word in typed_words(command, args):  # (the words `_glued_words` looks at too)
        if re.fullmatch(r"-[a-z][a-z-]+", word) and ("-" + word in longs or word == "-help"):
            output.error(f"no such option: {word}", f"did you mean -{word}?")
            sys.exit(2)


def _print(text: str) -> None:
    """What `main()` prints itself, outside any command (`papers --version`, as Typer's
    option prints it; `--show-completion`'s script); a closed stdout gets nothing, as
    Click does. A reader that left early (`| head -0`) is not an error and a full disk is
    one line, as for every command (`failures.exit_code`): `--show-completion >
    /dev/full` was a traceback."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        from papercli.cli.failures import exit_code

        sys.exit(exit_code(exc))


def _say_pager_failed(variable: str, argv: list[str], exc: OSError) -> None:
    """One warning line for a pager `variable` names that cannot be started (the output
    follows without it): `PAGER=lss` or a pager not installed paged nothing, and said
    nothing of why. In 80 columns, said shorter where it must be."""
    import shlex

    from papercli import output
    from papercli.errors import fitting
    from papercli.sanitize import quoted

    why = "not found" if isinstance(exc, FileNotFoundError) else exc.strerror or str(exc)
    shown = quoted(shlex.join(argv), 40)
    fix = f"fix {variable}, or set it empty for none"
    output.warn(fitting(f"cannot run the pager {shown} ({variable}): {why} — {fix}",
                        f"cannot run the pager {shown}: {why} — fix {variable}",
                        f"cannot run {variable} {quoted(argv[0], 20)}: {why} — fix it",
                        f"cannot run {variable}: {why} — fix it"))


def _on_sigterm(signum: int, frame: object) -> None:
    from papercli.cli.failures import on_sigterm

    on_sigterm(signum, frame)
