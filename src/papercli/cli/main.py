"""The root `papers` app: assembles the command modules and runs them."""

from typing import Annotated

import typer

from papercli import __version__
from papercli.cli import config_cmd, export, library, listings, papers, search, watch
from papercli.cli import sync as sync_cmd
from papercli.cli import tracking as tracking_cmd

app = typer.Typer(
    name="papers",
    help="Keep up with ML papers from the terminal: Hugging Face Daily Papers, cached locally.",
    epilog="Run 'papers COMMAND --help' for a command's options and examples.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

for module in (listings, search, papers, export, tracking_cmd, sync_cmd, library):
    app.registered_commands.extend(module.app.registered_commands)
app.add_typer(library.cache_app, name="cache")
app.add_typer(watch.app, name="watch")
app.add_typer(config_cmd.app, name="config")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"papercli {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """Keep up with ML papers from the terminal: Hugging Face Daily Papers, cached locally."""


def main() -> None:
    app(prog_name="papers")
