"""Help texts as a new user reads them: the same option said the same way wherever it is."""

from __future__ import annotations

from conftest import Home, one_line
from papercli.terminal import cell_width


def _help(papers, *args: str) -> str:
    result = papers(*args, "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    return " ".join(result.stdout.split())


def test_watch_add_says_what_each_criterion_takes_as_the_listings_do(papers,
                                                                      home: Home) -> None:
    """`watch add --author` left out the Hub account (@name) a listing's --author says it
    takes, `--org` its "any case", and `--has-code` alone of the criteria read "Only
    papers …" (a listing's filter) among "A model family", "At least N upvotes"."""
    listing, watch = _help(papers, "today"), _help(papers, "watch", "add")
    for said in ("an author's Hub account (@name)", "Hub name or display name, any case"):
        assert said in listing and said in watch, said
    assert "Only papers" not in watch


def test_export_help_names_every_format_and_what_md_tags_writes(papers) -> None:
    """`export`'s summary left out RIS, CSL-JSON and JSON Lines, and `--md-tags` said
    "families as #tags" though it writes your own tags too, x.y made x-y."""
    summary = _help(papers)
    line = summary[summary.index("export Write"):summary.index(" new ")]
    for name in ("Markdown", "JSON (Lines)", "CSV", "BibTeX", "RIS", "CSL-JSON", "feed",
                 "digest"):
        assert name in line, name
    said = _help(papers, "export")
    md_tags = said[said.index("--md-tags"):said.index("--front-matter")]
    assert "your own tags" in md_tags and "#to-read" in md_tags and "#x-y" in md_tags


def test_note_help_names_each_format_the_note_is_in(library) -> None:
    """`note --help` said only show, JSON and `export --split` hold the note; CSV, RIS and
    CSL-JSON carry it too, and each one it names does."""
    from hubserver import seed_items

    said = _help(library, "note")
    for name in ("JSON", "CSV", "RIS", "CSL-JSON", "export --split"):
        assert name in said, name
    pid = seed_items()[0]["paper"]["id"]
    assert library("note", pid, "-m", "Read the ablations.", "--offline").exit_code == 0
    for fmt in ("json", "jsonl", "csv", "ris", "csljson"):
        written = library("export", pid, "-f", fmt)
        assert written.exit_code == 0, written.stderr
        assert "Read the ablations." in written.stdout, fmt


def test_starred_offers_no_starred_filter(library) -> None:
    """`papers starred --help` offered --starred ("only papers you starred"), which on
    the reading list itself filters nothing: the option is not there."""
    assert "--starred" not in _help(library, "starred")
    assert "--unread" in _help(library, "starred")
    given = library("starred", "--starred")
    assert given.exit_code == 2 and "no such option: --starred" in given.stderr
    assert "--starred" in _help(library, "export")  # (the other listings keep it)


def test_show_read_and_hide_say_arxiv_is_asked_too(papers) -> None:
    """`show --help` said "an id found neither in the library nor on the Hub is an
    error", but arXiv is asked too (the error says "is on neither the Hub nor arXiv");
    so are `read` and `hide`."""
    for command in ("show", "read", "hide"):
        said = _help(papers, command)
        assert "neither in the library, on the Hub nor on arXiv is" in said, command
        assert "neither in the library nor on the Hub" not in said, command


def _help_examples(papers) -> list[str]:  # type: ignore[no-untyped-def]
    """Every example line of every command's --help, as a user would copy it."""
    from papercli.cli.docs import command_paths

    lines = []
    for path in command_paths():
        shown = papers(*path, "--help").stdout
        lines += [line.strip() for line in shown.partition("Examples:")[2].splitlines()
                  if line.strip().startswith("papers")]
    return lines


def test_help_examples_copied_into_a_shell_do_what_they_say(papers) -> None:
    """`papers search "visual instruction" llava*` let the shell expand `llava*` into a
    file the example before it wrote (llava.md) and made "visual instruction" two words;
    `papers search diffusion --format ids | papers tag - diffusion` tagged the first 50 of
    1,585 (the default limit). A word with a `*` is quoted, and a search piped into a
    command that acts on its ids says how many it wants."""
    import shlex

    examples = _help_examples(papers)
    assert len(examples) > 50
    for line in examples:
        words = shlex.split(line, comments=True)
        raw = line.split()
        for word in raw:
            assert "*" not in word or word[0] in "'\"", line
        if "|" in words and words[:2] == ["papers", "search"]:
            left = words[:words.index("|")]
            assert "-n" in left or "--limit" in left, line


def test_for_you_like_says_how_several_ids_are_given_and_takes_them_so(library) -> None:
    """`for-you --help` said "several ids after one --like", but `--like A B` was "papers
    for-you takes no ids — papers show B shows it" (Typer takes one value an option):
    the help says what works (repeat it, or join the ids with commas), and `--like A B`
    says how to join them."""
    from hubserver import seed_items

    said = _help(library, "for-you")
    like = said[said.index("--like ID"):said.index("-F, --family")]
    assert "several ids after one --like" not in like
    assert "repeat it, or join ids with commas: --like ID,ID" in like
    # What becomes of an id the library lacks (for-you never fetches), said where it is
    # given: warned of and left out, as `related` does with one it cannot have.
    assert "An id the library lacks is warned of and left out" in like
    a, b = (item["paper"]["id"] for item in seed_items()[:2])
    spaced = library("for-you", "--like", a, b, "-n", "3")
    assert spaced.exit_code == 2 and spaced.stdout == ""
    line = one_line(spaced.stderr)
    assert line == f"papers: error: one word per --like — did you mean --like {a},{b}?", line
    assert cell_width(line) <= 80
    longer = one_line(library("for-you", "--like", a, b, a, b, "-n", "3").stderr)
    assert longer == "papers: error: --like takes one word — join the ids with commas"
    for args in (("--like", f"{a},{b}"), ("--like", a, "--like", b)):
        done = library("for-you", *args, "--since", "2020-01-01", "-n", "3")
        assert done.exit_code == 0, done.stderr
        assert f"by relevance to {a}, {b}" in done.stdout + done.stderr, done.stdout


def test_note_usage_shows_its_id_as_required(library) -> None:
    """`papers note --help` showed `[ID]`, as if optional, though `papers note` is
    "missing argument 'ID'": it shows {ID}, as show and star show theirs, and the
    error keeps saying where the notes are listed."""
    usage = library("note", "--help").stdout.splitlines()[0]
    assert usage == "Usage: papers note [OPTIONS] {ID}", usage
    assert one_line(library("note").stderr) == (
        "papers: error: missing argument 'ID' — papers search --noted lists your notes")


def test_front_matter_speaks_of_split_only_where_there_is_one(papers) -> None:
    """A listing's `--front-matter` help said what it does "with --split", an option only
    `export` has: the clause is in export's help alone."""
    for command in ("today", "search", "starred", "for-you", "new"):
        said = _help(papers, command)
        front = said[said.index("--front-matter"):said.index("--feed-url")]
        assert "--split" not in front and "--split" not in said, command
        assert "YAML front matter" in front
    said = _help(papers, "export")
    front = said[said.index("--front-matter"):said.index("--feed-url")]
    assert "with --split, each note's own paper, tags included" in front


def _every_help(papers) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Every command's --help (the root's too) as an 80-column terminal or a pipe shows
    it, by the command line that asks for it."""
    from papercli.cli.docs import command_paths

    shown = {}
    for path in command_paths():
        result = papers(*path, "--help", env={"COLUMNS": "80"})
        assert result.exit_code == 0, result.stderr
        shown[" ".join(["papers", *path])] = result.stdout
    return shown


def _options_of(path: list[str]) -> set[str]:
    from typer.main import get_command

    from papercli.cli.main import app

    cmd = get_command(app)
    for name in path:
        cmd = cmd.commands[name]  # type: ignore[attr-defined]
    named = {o for p in cmd.params for o in [*getattr(p, "opts", ()),
                                             *getattr(p, "secondary_opts", ())]}
    for sub in getattr(cmd, "commands", {}).values():  # a group: its commands' too
        named |= {o for p in sub.params for o in getattr(p, "opts", ())}
    return named | {"-h", "--help"}


def test_every_option_a_help_names_is_there_to_give(papers) -> None:
    """`for-you --help` and `related --help` said "The column --sort orders by is always
    shown" (a ranking has no --sort: "no such option"), and `tag --help` "`--tag TAG`
    filters by them" (tag has --ids, not --tag). An option a help names is the command's
    own, or one of a command named in the same sentence (`papers search --tag`,
    `for-you --explain`, search's --since, a listing's --hidden)."""
    import re

    from papercli.cli.main import COMMANDS, GROUPS

    commands = set(COMMANDS) | set(GROUPS)
    option_named = r"(?<![\w-])--[a-z][a-z-]*"
    checked = 0
    for title, shown in _every_help(papers).items():
        own = _options_of(title.split()[1:])
        text = " ".join(shown.partition("\n  Examples:")[0].split())
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            words = re.sub(option_named, " ", sentence)  # (--watch names no command)
            named = {word.removesuffix("'s") for word in re.findall(r"[a-z][a-z'-]*", words)}
            anyone = bool(named & {"listing", "command"})
            owners = set().union(*(_options_of([n]) for n in named & commands))
            for option in re.findall(option_named, sentence):
                checked += 1
                assert option in own or option in owners or anyone, (title, option, sentence)
    assert checked > 500


def test_no_help_cuts_a_word_at_its_hyphen_at_80_columns(papers) -> None:
    """`trends --help` showed "a month YYYY-" / "MM" and `for-you --help` "(YYYY-" /
    "MM-DD": Click's wrapping breaks a hyphenated word, and a date's shape or an option
    cut so is not one a reader can copy. At 80 columns (a pipe's width too) no line ends
    in a word cut at its hyphen."""
    import re

    for title, shown in _every_help(papers).items():
        for line in shown.splitlines():
            assert not re.search(r"[A-Za-z]{2}-$", line), (title, line)


def test_defaults_are_said_in_the_sentence_as_everywhere_else(papers) -> None:
    """Four had Click's "[default: …]" tacked on (`trends -e`, beside `-b`'s "(the
    default)" and `-f`'s "chart (default)"; `tags -s`; `cache info -n`; browse's WHAT,
    after its own "today (default)"), where every other option says its default in its
    own sentence: each says it so, and none shows Click's."""
    shown = _every_help(papers)
    for title, text in shown.items():
        assert "[default:" not in " ".join(text.split()), title
    for title, option, said in (("papers trends", "--every", "month (the default)"),
                                ("papers tags", "--sort", "used (the default"),
                                ("papers cache info", "--limit", "default 40"),
                                ("papers browse", "[WHAT]", "today (default)")):
        text = " ".join(shown[title].split())
        assert said in text[text.index(option):], (title, option)


def test_the_same_option_is_said_in_the_same_words_everywhere(home) -> None:
    """`trends --json` said "Same as --format json." and `trends --force` "Let --output
    replace a file.", where every listing says "Print JSON (same as --format json)." and
    "… an existing file."; `import --category PATTERN` was a listing's `--category CAT`,
    and its "; repeatable, any of." (and --tag's "; repeatable.") every other repeatable
    option's "(repeatable: any of)"."""
    from collections import defaultdict

    from typer.main import get_command

    from papercli.cli.main import app

    said: dict[str, set[str]] = defaultdict(set)
    metavars: dict[str, set[str]] = defaultdict(set)
    repeatable = 0

    def walk(cmd, path: str) -> None:  # type: ignore[no-untyped-def]
        flags = {o for p in cmd.params for o in getattr(p, "opts", ())}
        for param in cmd.params:
            opts, text = getattr(param, "opts", ()), " ".join((param.help or "").split())
            for name in ("--force", "--no-pager", "--offline", "--timeout"):
                if name in opts:
                    said[name].add(text)
            if "--json" in opts and "--format" in flags:
                said["--json --format"].add(text)
            if "--category" in opts:
                metavars["--category"].add(param.metavar)
            if getattr(param, "multiple", False) and param.param_type_name == "option":
                nonlocal repeatable
                repeatable += 1
                assert "(repeat" in text, (path, opts, text)
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(get_command(app), "papers")
    assert repeatable > 20
    assert len(said) == 5
    for name, texts in [*said.items(), *metavars.items()]:
        assert len(texts) == 1, (name, texts)
    assert said["--json --format"] == {"Print JSON (same as --format json)."}


def test_no_help_speaks_the_codes_own_words(papers) -> None:
    """`browse --help` said "Ctrl-P every key and view by name": a "view" is the code's
    name (tui.source.View) for what the reader knows as a listing (today, starred, for
    you…). No --help uses it, nor the code's other names a user never sees."""
    import re

    for title, shown in _every_help(papers).items():
        text = " ".join(shown.split())
        for word in ("view", "views", "gathered", "dest", "kwargs"):
            assert not re.search(rf"\b{word}\b", text, re.IGNORECASE), (title, word)
