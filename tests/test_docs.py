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


README = DOC.parent.parent / "README.md"
SRC = DOC.parent.parent / "src" / "papercli"

# Variables the code reads that a user does not set, so the README's table leaves them out.
NOT_FOR_USERS = {
    "COMP_WORDS": "set by bash's completion for the completion script",
    "COMP_CWORD": "set by bash's completion for the completion script",
    "HOME": "under the XDG row: the folders' fallback, in the Files table",
    "LESS": "written for the pager (LESS=FRX), not read",
}
# Variables in the README's table read for papercli by the standard library, or by httpx
# (trust_env: its client takes proxies and CA certificates from them).
READ_BY_PYTHON = {"LINES": "shutil.get_terminal_size, with COLUMNS",
                  **dict.fromkeys(("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY"),
                                  "httpx, through urllib.request.getproxies"),
                  **dict.fromkeys(("SSL_CERT_FILE", "SSL_CERT_DIR"),
                                  "httpx, making its SSL context")}


def _readme_section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n### {title}\n")
    return text[start:text.index("\n### ", start + 1)]


def _variables_read() -> dict[str, str]:
    """Every NAME in quotes within two lines of an environment read in src/papercli
    (`os.environ.get("X")`, `for name in ("VISUAL", "EDITOR"): env.get(name)`, a setting's
    `env="X"`, a module's `API_ENV = "X"`), with where it is read."""
    import re

    name = re.compile(r"[\"']([A-Z][A-Z0-9_]{2,})[\"']")
    read = re.compile(r"environ|getenv|\benv=|_ENV\s*=")
    found: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        lines = [line.split("#")[0] for line in path.read_text(encoding="utf-8").splitlines()]
        for at, line in enumerate(lines):
            if not read.search(line):
                continue
            for near in range(max(0, at - 2), min(len(lines), at + 3)):
                for match in name.finditer(lines[near]):
                    found.setdefault(match.group(1), f"{path.name}:{near + 1}")
    return found


def _variables_documented() -> set[str]:
    import re

    rows = [line for line in _readme_section("Environment variables").splitlines()
            if line.startswith("| `")]
    return {match.group(1) for row in rows
            for match in re.finditer(r"`([A-Z][A-Z0-9_]*)(?:=[^`]*)?`", row.split(" | ")[0])}


def test_every_environment_variable_read_is_in_the_readme() -> None:
    # VISUAL, EDITOR, BROWSER, COLUMNS, SHELL and others were read but missing from the
    # README's table of environment variables.
    read = _variables_read()
    documented = _variables_documented()
    assert {"HF_ENDPOINT", "VISUAL", "PAPERS_ARXIV_INTERVAL"} <= set(read)  # the scan works
    missing = {n: where for n, where in read.items()
               if n not in documented and n not in NOT_FOR_USERS and not n.startswith("_")
               and n != "FRX"}
    assert not missing, f"read by the code, not in README's Environment variables: {missing}"


def test_every_environment_variable_in_the_readme_is_read() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))
    documented = _variables_documented()
    assert len(documented) > 20
    stale = sorted(n for n in documented if f'"{n}"' not in source
                   and n not in READ_BY_PYTHON)
    assert not stale, f"in README's Environment variables, read nowhere in src: {stale}"


def test_the_settings_table_is_the_schema() -> None:
    import re

    from papercli.config import SCHEMA

    rows = {}
    for line in _readme_section("Settings").splitlines():
        cells = line.split(" | ")
        if line.startswith("| `") and len(cells) >= 4:
            rows[cells[0].strip("| `")] = (cells[1].strip("`"), cells[-1].strip(" |`"))
    assert sorted(rows) == sorted(SCHEMA)
    for key, setting in SCHEMA.items():
        default, env = rows[key]
        if isinstance(setting.default, list):
            wanted = ",".join(setting.default) or "(none)"
        elif isinstance(setting.default, bool):
            wanted = str(setting.default).lower()
        else:
            wanted = str(setting.default)
        assert default == wanted, key
        assert env == (setting.env or ""), key
        assert re.fullmatch(r"[A-Z_]*", env), key


def test_every_benchmark_script_is_in_the_readme() -> None:
    # bibimport.py, full_text.py, import_speed.py, show_speed.py and trends.py were in
    # bench/ (and run by run_all.py) but missing from the README's list of scripts.
    import re

    development = README.read_text(encoding="utf-8").split("\n## Development\n", 1)[1]
    listed = set(re.findall(r"^python bench/(\w+)\.py ", development, re.MULTILINE))
    scripts = {p.stem for p in (DOC.parent.parent / "bench").glob("*.py")
               if not p.stem.startswith("_")}
    assert "run_all" in listed
    assert sorted(scripts - listed) == [], "bench scripts missing from README's Development"
    assert sorted(listed - scripts) == [], "README lists bench scripts that do not exist"


def test_the_design_notes_quote_the_errors_papers_prints(papers) -> None:
    # The README quoted `--limt` as "did you mean --limit or --timeout?", where papers
    # says "did you mean --limit?".
    notes = README.read_text(encoding="utf-8").split("\n### Design notes\n", 1)[1]
    for argv, quoted in (
            (("today", "--limt", "3"), "no such option: --limt — did you mean --limit?"),
            (("today", "--limit", "x"), "--limit 'x' — use a whole number, 0 or more")):
        result = papers(*argv)
        assert result.exit_code == 2
        assert quoted in " ".join(notes.split()), quoted
        assert quoted in result.stderr, (quoted, result.stderr)


def test_every_file_papers_keeps_is_in_the_readme(papers, home, seeded_hub, arx) -> None:
    # The arXiv pacing files (arxiv-pacing.last, .lock) and library.index.lock were left
    # out of the README's Files table.
    from arxivserver import Paper as ArxivPaper
    from conftest import TODAY

    arx.announce(ArxivPaper("2401.09001", "A new cs.CL paper", ["cs.CL"], TODAY))
    listed = papers("today", "--json")
    assert listed.exit_code == 0, listed.stderr
    ids = [p["id"] for p in listed.json][:3]
    for argv in (("star", *ids), ("for-you",), ("related", ids[0]),
                 ("watch", "add", "agents", "--author", "Someone"), ("watch", "list"),
                 ("arxiv", "cs.CL"), ("search", "language")):
        result = papers(*argv)
        assert result.exit_code == 0, (argv, result.stderr)
    table = _readme_section("Files")
    kept = sorted({p.relative_to(folder).parts[0]
                   for folder in (home.cache / "papercli", home.data / "papercli",
                                  home.config / "papercli")
                   for p in folder.rglob("*")})
    assert {"library.db", "arxiv-pacing.last", "ranking"} <= set(kept)
    missing = [name for name in kept
               if f"`{name}`" not in table and f"`{name}/`" not in table
               and not name.startswith(".")]  # .config.toml.lock: under Settings
    assert not missing, f"files papers keeps, not in README's Files table: {missing}"


def test_the_sync_section_says_how_many_requests_run_at_once() -> None:
    # It said "at most 32 either way", where a sync ran at most 16 workers whatever
    # --concurrency or network.concurrency asked for; now one bound holds for all three.
    from papercli import config

    text = " ".join(_readme_section(
        "`papers sync [--since DATE] [--until DATE] [--date DATE]`").split())
    assert f"1 to {config.MAX_CONCURRENCY} either way, the connection pool's size" in text


def test_the_filters_table_lists_every_filter_and_the_watch_keys() -> None:
    import re

    from papercli.criteria import CRITERIA

    section = _readme_section("Filters (every listing, `search`, and later `export`, "
                              "`starred`, `new`)")
    rows = {flag for line in section.splitlines() if line.startswith("| `")
            for flag in re.findall(r"--[a-z-]+", line.split(" | ")[0])}
    assert rows == {c.flags[0] for c in CRITERIA}
    not_in_watches = " ".join(section.split()).split("in watches all but ", 1)[1]
    not_in_watches = not_in_watches.split(". ", 1)[0]
    assert set(re.findall(r"--[a-z-]+", not_in_watches)) == {
        c.flags[0] for c in CRITERIA if c.watch_help is None}


def test_the_browser_keys_table_names_every_key_the_browser_binds() -> None:
    import re

    from papercli.tui.app import BrowseApp

    names = {"left_square_bracket": "[", "right_square_bracket": "]", "question_mark": "?",
             "slash": "/", "space": "Space"}
    section = _readme_section("`papers browse`: read interactively")
    keys = " ".join(line.split(" | ")[0] for line in section.splitlines()
                    if line.startswith("| ") and not line.startswith("| key"))
    listed = set(re.findall(r"`([^`]+)`", keys)) | set(re.findall(r"\b(Space)\b", keys))
    bound = {names.get(b.key, b.key) for b in BrowseApp.BINDINGS  # type: ignore[union-attr]
             if b.key not in ("escape", "enter", "ctrl+c", "ctrl+z")}  # said in the text
    assert "s" in bound and "[" in bound
    assert sorted(bound - listed) == [], "keys papers browse binds, not in the README"


def test_the_reference_is_wrapped_as_a_terminal_shows_the_help(home) -> None:
    """Each page is what `papers X --help` prints in a pipe or an 80-column terminal: the
    test runner forces click's width to 80, and the pages ran 2 columns wider."""
    import os
    import subprocess
    import sys

    pages = dict(part.split("`\n\n```text\n", 1) for part in
                 DOC.read_text(encoding="utf-8").split("\n## `")[1:])
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    for title in ("papers search", "papers watch add", "papers config set"):
        shown = subprocess.run([sys.executable, "-m", "papercli", *title.split()[1:], "--help"],
                               capture_output=True, text=True, env=env, check=True).stdout
        assert pages[title].split("```", 1)[0].rstrip() == shown.rstrip(), title


def test_the_command_list_reads_as_sentences(papers) -> None:
    """`papers` lists each command with its help's first line; a docstring's first
    sentence broken over two lines came out with the second line's indent inside it
    ("or words you give     (no network)")."""
    import re

    listed = papers("--help", env={"COLUMNS": "200"}).stdout.split("Commands:", 1)[1]
    lines = [line.strip() for line in listed.splitlines() if line.strip()]
    assert len(lines) > 20
    for line in lines:
        says = line.partition(" ")[2]
        assert not re.search(r"\S {2,}\S", says.strip()), line
