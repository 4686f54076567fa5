"""Run the hot commands (listings and search) without importing Typer.

Importing Typer (and the Click it vendors) takes longer than a search of a 100,000-paper
library, and these commands are the ones people run many times a day. So `main()` first
offers the command line to `run()`, which parses it from the same option declarations the
Typer app is built from (`options`) and calls the same bodies (`handlers`). It accepts
only plain command lines: anything else (help, an unknown or misspelt option, a bad value,
clustered short flags, `--`) returns None and goes to Typer, which then handles it as it
always has, errors and help included. tests/test_fast.py checks that both paths agree.
"""

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from papercli.cli import handlers, running
from papercli.cli.options import LISTING, Conflict, Opt

# command -> (body, how many positional arguments it takes: "none", "one", "optional", "many")
HOT: dict[str, tuple[Callable[..., None], str]] = {
    "today": (handlers.today, "none"),
    "day": (handlers.day, "one"),
    "week": (handlers.week, "optional"),
    "month": (handlers.month, "optional"),
    "search": (handlers.search, "many"),
}
OPTIONS: dict[str, Opt] = {flag: opt for group in LISTING for opt in group.opts
                           for flag in opt.flags}


class _Fallback(Exception):
    """The command line is not one the fast path is sure about: let Typer have it."""


def run(argv: list[str]) -> int | None:
    """Run `argv` (without the program name) and return its exit code, or None if the
    full Typer app must handle it."""
    if not argv or argv[0] not in HOT:
        return None
    body, arity = HOT[argv[0]]
    try:
        positional, values = parse(argv[1:])
        args = _positional(positional, arity)
        kwargs = {group.arg: group.build(values) for group in LISTING}
    except (_Fallback, Conflict):
        return None
    try:
        running.call(functools.partial(body, *args), kwargs)
    except (Exception, KeyboardInterrupt) as exc:
        return running.exit_code(exc)
    return 0


def parse(args: list[str]) -> tuple[list[str], dict[str, Any]]:
    """Positional arguments and option values (by `dest`, defaults filled in)."""
    values: dict[str, Any] = {opt.dest: opt.default for group in LISTING for opt in group.opts}
    positional: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg == "--":
            raise _Fallback
        if not arg.startswith("-") or arg == "-":
            positional.append(arg)
            continue
        name, eq, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        opt = OPTIONS.get(name)
        if opt is None:  # -h, --help, unknown options, -n5, -kx clusters
            raise _Fallback
        if opt.kind == "flag":
            if eq:
                raise _Fallback
            values[opt.dest] = True
            continue
        raw = inline if eq else next(rest, None)
        if raw is None or (not eq and raw.startswith("-")):
            raise _Fallback
        value = _convert(opt, raw)
        if opt.kind == "texts":
            values[opt.dest] = [*(values[opt.dest] or []), value]
        else:
            values[opt.dest] = value
    return positional, values


def _convert(opt: Opt, raw: str) -> Any:
    if opt.kind in ("text", "texts"):
        return raw
    if opt.kind in ("count", "seconds"):
        from papercli import config  # the bounds Typer checks too; out of them: Typer's error

        digits = raw.replace(".", "", 1) if opt.kind == "seconds" else raw
        if digits.isascii() and digits.isdigit():
            parse = config.parse_count if opt.kind == "count" else config.parse_seconds
            try:
                return parse(raw)
            except ValueError:
                pass
    elif opt.kind == "choice":
        value = raw.lower()
        if raw.isascii() and value in opt.choices:
            return value
    elif opt.kind == "file" and raw and not os.path.isdir(raw):
        return Path(raw)
    raise _Fallback


def _positional(positional: list[str], arity: str) -> list[Any]:
    if arity == "many":
        return [positional or None]
    if arity == "one" and len(positional) == 1:
        return positional
    if arity == "optional" and len(positional) <= 1:
        return [positional[0] if positional else None]
    if arity == "none" and not positional:
        return []
    raise _Fallback

