"""config: where the settings file is, what is in effect, and changing one setting."""

from pathlib import Path
from typing import Annotated, Any

import typer

from papercli.cli._common import JsonFlag, NoPager, command, report_update
from papercli.cli.completion import config_keys, config_values
from papercli.words import plural

app = typer.Typer(
    help="Show or change settings in config.toml (dotted keys, checked against a schema).",
    no_args_is_help=True,
)

Key = Annotated[str, typer.Argument(metavar="KEY", help="A dotted key, e.g. network.timeout.",
                                    autocompletion=config_keys)]


def _env_note(key: str) -> None:
    """Warn that what `config set` wrote does not apply while a variable overrides it
    (it said "PAPERS_TIMEOUT is set and overrides network.timeout while it is")."""
    from papercli import output
    from papercli.config import SCHEMA, overridden_by
    from papercli.errors import fitting

    env = overridden_by(key)
    if env is not None:  # (the value it sets left out where the line would pass 80
        # columns: "HF_ENDPOINT (https://hf-mirror.com) overrides hub.endpoint …" made 90)
        output.warn(fitting(f"{env} overrides {key} while it is set",
                            f"{SCHEMA[key].env} overrides {key} while it is set"))


@command(app, "path", example="papers config path\n$EDITOR \"$(papers config path)\"")
def config_path() -> None:
    """Print where the config file is (it need not exist yet)."""
    from papercli import output, paths

    output.write_stdout(f"{paths.config_path()}\n")


# `list` is registered after `show` (decorators apply from the bottom up): an error that
# names the command taking an option names the first, and `papers config get --json`
# pointed at `config list`, a name --help never shows.
@command(app, "list", example="papers config list", hidden=True)  # as gh and git say it
@command(app, "show", example="papers config show\npapers config show --json")
def config_show(*, as_json: JsonFlag = False, no_pager: NoPager = False) -> None:
    """Every setting in effect, its value and where it comes from.

    Sources are `default`, `file` (config.toml) or `env VARIABLE`. Watches and family
    definitions from the file are checked too, so a mistake in them shows up here.
    """
    import os

    from papercli import config, output, paths
    from papercli import watches as watching

    cfg = config.load(paths.config_path())
    cfg.values["hub.endpoint"] = cfg.endpoint  # shown without user:pass@ (display only)
    watches = watching.checked(cfg)
    for message in cfg.warnings:
        output.warn(message)
    if as_json:
        output.emit_json({
            "path": str(cfg.path),
            "settings": {
                key: {"value": cfg.get(key), "default": s.default, "source": cfg.sources[key]}
                for key, s in config.SCHEMA.items()
            },
            "watch": {w.name: w.table() for w in watches},
            "families": cfg.families_table,
        })
        return
    # No file: every value is a default but what the environment sets (HF_ENDPOINT),
    # which the lines below say (the header said "every value is a default" above them).
    # Said on a line of its own under the path: beside it, the header ran past 80 columns.
    given = sum(source.startswith("env ") for source in cfg.sources.values())
    defaults = (f"{plural(given, 'value')} from the environment, the rest are defaults"
                if given else "every value is a default")
    before = [str(cfg.path)]
    if cfg.path.is_symlink() and not cfg.path.exists():  # a dotfiles link not checked out
        before += [f"a link to {os.path.realpath(cfg.path)}, which does not exist:",
                   defaults]
    elif cfg.path.parent.exists() and not cfg.path.parent.is_dir():  # (not "not created
        # yet", where `config set` cannot create it)
        before += [f"{cfg.path.parent.name} is a file, not a folder (move it aside):",
                   defaults]
    elif (blocked := _file_above(cfg.path.parent)) is not None:  # (XDG_CONFIG_HOME set
        # to a file: "not created yet", where `config set` said it is not a folder)
        before += [f"{blocked} is a file, not a folder:", defaults]
    elif not cfg.path.exists():
        before.append(f"not created yet: {defaults}")
    after = []
    if watches:
        after.append(f"{plural(len(watches), 'watch', 'watches')}: "
                     f"{', '.join(w.name for w in watches)} "
                     "(papers watch list)")
    if cfg.families_table:
        after.append(f"{plural(len(cfg.families_table), 'family definition')} "
                     "(papers families)")
    output.print_settings(
        [(f"{key} = {config.spoken_value(cfg.get(key))}", f"# {cfg.sources[key]}")
         for key in config.SCHEMA], before=before, after=after,
        pager=not no_pager)


def _file_above(folder: Path) -> Path | None:
    """The nearest of `folder`'s parents that exists, where it is not a folder (the
    config file cannot be created under it), else None."""
    for above in folder.parents:
        if above.exists():
            return None if above.is_dir() else above
    return None


def _setting(key: str, verb: str) -> Any:
    """`config.setting_for(key)`; for `watch.NAME` (or a key under it) naming a watch of
    config.toml, a usage error saying which `papers watch` command shows or changes it:
    "unknown setting 'watch.llava' — use papers watch add" sent an existing watch to the
    command that refuses its name."""
    from papercli import config
    from papercli.errors import UsageError

    try:
        return config.setting_for(key)
    except UsageError:
        name = _watch_named(key)
        if name is None:
            raise
    from papercli.sanitize import quoted
    from papercli.watches import shell_word

    typed = shell_word(name)
    ways = {"get": [f"papers watch list {typed} shows it", "papers watch list shows it"],
            "set": [f"papers watch add {typed} … --replace changes it",
                    f"watch add {typed} --replace changes it",
                    "watch add NAME --replace changes it"],
            "unset": [f"papers watch rm {typed} removes it", "papers watch rm removes it"]}[verb]
    error = UsageError(f"{quoted(key)} is a watch", hint=ways[0])
    error.shorter = [*((error.message, way) for way in ways[1:]),
                     *((f"{quoted(key, limit)} is a watch", ways[-1]) for limit in (30, 16, 12))]
    raise error from None


def _watch_named(key: str) -> str | None:
    """The watch of config.toml that `watch.NAME[.KEY]` names (any case), or None."""
    top, _, rest = key.partition(".")
    if top.casefold() != "watch" or not rest:
        return None
    from papercli import config, paths
    from papercli.watches import stored_name

    table = config.read_quietly(paths.config_path()).get("watch")
    if not isinstance(table, dict):
        return None
    return stored_name(table, rest.split(".", 1)[0])


@command(app, "get", example="papers config get network.timeout\npapers config get display.sort\n"
         "papers config get display.columns --json\npapers config get display")
def config_get(key: Key, *, as_json: JsonFlag = False) -> None:
    """Print the value in effect for KEY (from the environment, the file, or the default).

    As `config set` takes it (a list comma-separated); with --json, as JSON, of its own
    type (a number, true or false, a list), as `config show --json` says it. A section's
    name (display) prints each of its keys as KEY = VALUE (with --json, an object).
    """
    from papercli import config, output, paths

    key = config.canonical_key(key)  # (any case, as git config takes it)
    keys = config.section_keys(key)
    if not keys:
        _setting(key, "get")
    cfg = config.load(paths.config_path())
    cfg.values["hub.endpoint"] = cfg.endpoint  # shown without user:pass@ (display only)
    for message in cfg.warnings:
        output.warn(message)
    if keys:
        if as_json:
            output.emit_json({name: cfg.get(name) for name in keys})
            return
        output.write_stdout("".join(f"{name} = {config.format_value(cfg.get(name))}\n"
                                    for name in keys))
        return
    if as_json:
        output.emit_json(cfg.get(key))
        return
    output.write_stdout(config.format_value(cfg.get(key)) + "\n")


@command(app, "set", example="papers config set network.timeout 5\n"
         "papers config set display.sort upvotes",
         # A VALUE like -1 is a value to check, not an unknown option.
         context_settings={"ignore_unknown_options": True})
def config_set(
    key: Key,
    value: Annotated[list[str] | None, typer.Argument(
        metavar="VALUE...", show_default=False,
        help="Checked against the key's type; a list (sources.arxiv, display.columns) "
             "takes its items with commas or as several words.",
        autocompletion=config_values)] = None,
) -> None:
    """Set KEY to VALUE in config.toml, keeping everything else in the file.

    The value is checked first (type, allowed choices, minimum), so a bad one changes
    nothing. `papers config show` lists every key with its current value. KEY=VALUE
    and KEY = VALUE are read as KEY VALUE; a value as `config get --json` prints it
    ('["title", "id"]', '"new"') as the value it is.
    """
    from papercli import config, output, paths

    key, text = _key_and_value(key, list(value or []))
    parsed = config.parse_value(key, text)
    path = paths.config_path()
    update = config.update_file(path, lambda data: config.set_in(data, key, parsed, path))
    report_update(update)
    _env_note(key)
    _note(*(f"set {key} = {config.spoken_value(parsed)} in {where}" for where in _ways(path)))
    if key == "new.first_days":
        from papercli.new import MAX_NEW_DAYS  # lazy: only for this key

        if parsed > MAX_NEW_DAYS:  # kept (a file may say it), but said now, not on first use
            output.warn(f"papers new looks back {MAX_NEW_DAYS} days at most: "
                        f"{parsed:,} acts as {MAX_NEW_DAYS}")


def _key_and_value(key: str, words: list[str]) -> tuple[str, str]:
    """KEY and VALUE as typed the ways other tools take them: `KEY=VALUE` (npm, pip),
    `KEY = VALUE` (the file's own line), and a list's items as words (`sources.arxiv cs.CL
    cs.LG`, as `papers arxiv cs.CL cs.LG`). Each was a usage error that did not say so:
    "missing argument 'VALUE'", "got unexpected extra argument(s) (5)"."""
    from papercli import config
    from papercli.errors import UsageError

    if not words and "=" in key:
        key, _, first = key.partition("=")
        words = [first]
    elif words[:1] == ["="]:
        words = words[1:]
    if not words:
        raise UsageError("missing argument 'VALUE'", hint="see 'papers config set --help'")
    key = config.canonical_key(key)  # (any case, as git config takes it)
    setting = _setting(key, "set")
    printed = _as_printed(setting.type, words)
    if printed is not None:
        return key, printed
    if len(words) == 1:
        return key, words[0]
    if setting.type is list:
        return key, ",".join(words)
    if setting.type is str:
        raise UsageError(f"{key} takes one value, got {len(words)}",
                         hint="quote a value with spaces")
    default = config.format_value(setting.default)
    error = UsageError(f"{key} takes one value, got {len(words)}",
                       hint=f"e.g. papers config set {key} {default}")
    error.shorter = [(error.message, f"e.g. {default}")]  # (the whole: 92 columns and more)
    raise error


def _as_printed(kind: type, words: list[str]) -> str | None:
    """A list or a text as `config get --json` prints it (`["title", "id"]`, `"new"`),
    as `set` takes it (`title,id`, `new`), else None: the JSON did not round trip, and
    was refused as "unknown column '["title"' — did you mean title?"."""
    import json

    typed = " ".join(words).strip()
    if not typed.startswith("[" if kind is list else '"' if kind is str else "\0"):
        return None
    try:
        value = json.loads(typed)
    except ValueError:
        return None
    if kind is list and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ",".join(value)
    return value if kind is str and isinstance(value, str) else None


@command(app, "edit", example="papers config edit\nEDITOR=nano papers config edit\n"
         "papers config edit --discard")
def config_edit(
    discard: Annotated[bool, typer.Option(
        "--discard", help="Drop the unsaved edit kept in config.toml.edit, without "
        "opening the editor.")] = False,
) -> None:
    """Edit config.toml in your editor ($VISUAL, $EDITOR, else vi), checked before it is saved.

    The file is replaced only if everything in it would load: TOML, each setting's type
    and bounds, [watch.NAME] and [families.NAME] tables. A mistake is shown with its line;
    on a terminal you may edit again (what you typed is kept), otherwise nothing changes
    (exit 1). An edit not saved is kept in config.toml.edit, which the next `config edit`
    opens instead of the file until it is saved or dropped with --discard. Comments are
    kept, as written. A new file starts from a commented template.
    """
    import sys

    from papercli import config_edit as editing
    from papercli import output, paths, terminal

    path = paths.config_path()
    if discard:
        draft = editing.draft_path(path)
        if editing.discard(path):
            _note(*(f"removed your unsaved edit {where}; {path.name} is as it was"
                    for where in _ways(draft)))
        else:
            _note(*(f"no unsaved edit to discard: {where} does not exist"
                    for where in _ways(draft)))
        return
    ask = _edit_again if terminal.is_terminal(sys.stdin) and terminal.is_terminal(
        sys.stderr) else None
    result = editing.edit(path, again=ask, reopening=_reopening)
    for message in result.warnings:
        output.warn(message)
    if result.draft is not None:  # (the mistake was said before the question: once)
        output.note(f"nothing saved; papers config edit reopens {result.draft.name}")
        raise typer.Exit(1)
    # (as the other config lines name the file: whole where it fits, else with ~, else
    # by its name; whole, a long home made it past 80 columns)
    _note(*(f"saved {where}" if result.changed else f"{where} is unchanged"
            for where in _ways(path)))


def _reopening(draft: Path) -> None:
    """Say, before the editor opens, that it opens the edit kept from last time, not the
    file, and how to drop it instead."""
    _note(*(f"reopening your unsaved edit {where} (--discard drops it)"
            for where in _ways(draft)), f"reopening your unsaved edit {draft.name}")


def _ways(path: Path) -> list[str]:
    """A file beside config.toml said the ways a line may name it: whole, with ~, by its
    name (the folder is config.toml's, `papers config path`)."""
    from papercli.paths import tilde

    return [str(path), tilde(path), path.name]


def _note(*ways: str) -> None:
    """The first of `ways` to say a note that fits 80 columns, else the last."""
    from papercli import output
    from papercli.cli.failures import fitted

    output.note(fitted([(way, None) for way in ways], (ways[-1], None), lead="")[0])


def _edit_again(problem: Any, fatal: bool) -> bool:
    """On a terminal, after a mistake (or an unknown key): say it, and ask whether to edit
    the text again; no keeps the file as it was (or saves the unknown key as it is)."""
    from papercli import output, terminal

    if fatal:  # as the error line says it (the file's name for its path, when that fits)
        from papercli.cli.failures import fitted

        ways = [problem.line(), *problem.shorter]
        output.error(*fitted(ways, ways[1] if len(ways) > 1 else ways[0]))
    else:
        output.warn(problem.message)
    otherwise = "the file stays as it was" if fatal else "save it as it is"
    return terminal.ask(f"Edit it again? (no: {otherwise})", default=True)


@command(app, "unset", example="papers config unset network.timeout\n"
         "papers config unset display")
def config_unset(key: Key) -> None:
    """Remove KEY from config.toml, so its default applies again.

    A section's name (display) removes each of its keys the file sets, as `config get
    display` lists them.
    """
    from papercli import config, paths

    key = config.canonical_key(key)  # (any case, as git config takes it)
    keys = config.section_keys(key)
    if keys:
        _unset_section(key, keys)
        return
    setting = _setting(key, "unset")
    path = paths.config_path()
    default = config.spoken_value(setting.default)
    # read_toml gives a fresh dict each time
    if not config.unset_in(config.read_toml(path), key):
        thens = ([f"its default is {default}"] if config.overridden_by(key) is None
                 else _applies(key, default))
        # (the file said the ways other config lines name it: its whole path made 110)
        _note(*(f"{key} was not set in {where}; {then}" for then in thens
                for where in _ways(path)), *(f"{key} was not set; {then}" for then in thens))
        return

    def change(data: dict[str, Any]) -> None:
        config.unset_in(data, key)

    update = config.update_file(path, change)
    report_update(update)
    thens = _applies(key, default)
    _note(*(f"removed {key} from {where}; {then}" for then in thens for where in _ways(path)),
          *(f"removed {key}; {then}" for then in thens))


def _unset_section(section: str, keys: list[str]) -> None:
    """`config unset display`: each of the section's settings the file sets removed, as
    `git config --remove-section` removes a section, and named ("unknown setting
    'display'" refused the name `config get` lists the section by). Keys the schema does
    not know (another version's) are left as they are."""
    from papercli import config, paths

    path = paths.config_path()
    data = config.read_toml(path)
    found = [key for key in keys if config.unset_in(data, key)]
    if not found:
        _note(*(f"no {section} setting was set in {where}; the defaults apply"
                for where in _ways(path)), f"no {section} setting was set")
        return

    def change(data: dict[str, Any]) -> None:
        for key in found:
            config.unset_in(data, key)

    report_update(config.update_file(path, change))
    for key in found:
        _env_note(key)
    named = found[0] if len(found) == 1 else f"{', '.join(found[:-1])} and {found[-1]}"
    count = f"{len(found)} {section} setting{'s' if len(found) > 1 else ''}"
    _note(*(f"removed {what} from {where}; {then}" for what in (named, count)
            for then in (("its default applies",) if len(found) == 1 else
                         ("the defaults apply", "defaults apply")) for where in _ways(path)),
          f"removed {count}")


def _applies(key: str, default: str) -> list[str]:
    """What applies to KEY once the file does not set it: its default, unless a variable
    overrides it ("its default 10.0 applies" was said under PAPERS_TIMEOUT=3, after a
    warning that ended mid-sentence); longest first, the variable by its name alone for a
    line that would pass 80 columns."""
    from papercli.config import SCHEMA, overridden_by

    env = overridden_by(key)
    if env is None:
        return [f"its default {default} applies"]
    return [f"{env} applies while it is set, then the default {default}",
            f"{SCHEMA[key].env} applies (default {default})",
            f"{SCHEMA[key].env} applies while it is set"]  # (a default URL made 83)
