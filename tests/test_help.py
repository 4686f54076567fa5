"""Help texts as a new user reads them: the same option said the same way wherever it is."""

from __future__ import annotations

from conftest import Home


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
        assert "neither in the library, on the Hub nor on arXiv is an error" in said, command
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
