"""Numbers typed on the command line, in settings and in the environment: the digits 0-9
only. int() and float() also take fullwidth (５), Arabic-Indic (٣), Devanagari (७)...
digits, so `--limit ５` (an input method left on) showed five papers where the user had
typed something else."""

from __future__ import annotations

import pytest

from conftest import Home, one_line, write_config


@pytest.mark.parametrize(("args", "option"), [
    (("today", "--limit", "５", "--offline"), "--limit"),
    (("today", "-n", "٣", "--offline"), "--limit"),
    (("search", "llama", "--limit", "५", "--offline"), "--limit"),
    (("today", "--min-upvotes", "１０", "--offline"), "--min-upvotes"),
    (("search", "llama", "--min-stars", "٣", "--offline"), "--min-stars"),
    (("today", "--timeout", "５"), "--timeout"),
    (("today", "--timeout", "１.５"), "--timeout"),
    (("trends", "--top", "５"), "--top"),
    (("sync", "--since", "2026-11-20", "-j", "٣"), "--concurrency"),
    (("watch", "add", "big", "--min-upvotes", "５"), "--min-upvotes"),
])
def test_a_number_in_other_digits_is_a_usage_error_naming_the_option(
    library, home: Home, args: tuple[str, ...], option: str
) -> None:
    result = library(*args)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    line = one_line(result.stderr)
    assert line.startswith(f"papers: error: {option} '"), line
    assert line.endswith(", typed with the digits 0-9"), line
    assert not home.config_file.exists()  # no watch saved


@pytest.mark.parametrize(("args", "key"), [
    (("config", "set", "network.timeout", "５"), "network.timeout"),
    (("config", "set", "network.concurrency", "٣"), "network.concurrency"),
])
def test_a_setting_in_other_digits_is_refused(papers, home: Home, args: tuple[str, ...],
                                              key: str) -> None:
    result = papers(*args)
    assert result.exit_code == 2, result.stderr
    line = one_line(result.stderr)
    assert f"{key}: '" in line and "type it with the digits 0-9" in line
    assert not home.config_file.exists()


def test_an_environment_number_in_other_digits_is_refused(
    library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERS_TIMEOUT", "５")
    result = library("today", "--offline")
    assert result.exit_code != 0 and result.stdout == ""
    line = one_line(result.stderr)
    assert "PAPERS_TIMEOUT" in line and "type it with the digits 0-9" in line


@pytest.mark.parametrize(("args", "said"), [
    (("today", "--limit", "5é", "--offline"), "--limit '5é' — use a whole number, 0 or more"),
    (("config", "set", "network.timeout", "5é"),
     "network.timeout must be a number, got '5é'"),
])
def test_a_number_with_another_letter_is_not_told_to_use_other_digits(
    library, home: Home, args: tuple[str, ...], said: str
) -> None:
    """`5é` is typed with the digits 0-9 (an accent after them): it was told to "type it
    with the digits 0-9", which it was; only a look-alike digit (`５`) is told so."""
    result = library(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert one_line(result.stderr) == f"papers: error: {said}"


@pytest.mark.parametrize("args", [
    ("today", "--limit", " 3 ", "--offline", "-q"),
    ("today", "--timeout", "2.5", "--offline", "-q"),
    ("today", "--timeout", "1e1", "--offline", "-q"),
])
def test_numbers_in_the_digits_0_to_9_still_count(library, args: tuple[str, ...]) -> None:
    result = library(*args)
    assert result.exit_code == 0, result.stderr


def test_concurrency_is_bounded_like_the_setting(papers) -> None:
    over = papers("sync", "--since", "2026-11-20", "--concurrency", "17")
    assert over.exit_code == 2
    assert one_line(over.stderr).startswith(
        "papers: error: --concurrency '17' — use a whole number from 1 to 16")


@pytest.mark.parametrize(("args", "line"), [
    (("today", "-n", "1e23", "--offline"),
     "--limit '1e23' — use a whole number up to 1,000,000,000"),
    (("today", "-n", "inf", "--offline"),
     "--limit 'inf' — use a whole number up to 1,000,000,000"),
    (("search", "x", "--min-upvotes", "2e9", "--offline"),
     "--min-upvotes '2e9' — use a whole number up to 1,000,000,000"),
    (("today", "-n", "-1e23", "--offline"), "--limit '-1e23' — use a whole number, 0 or more"),
    (("today", "-n", "3.5", "--offline"), "--limit '3.5' — use a whole number, 0 or more"),
    (("sync", "--since", "2026-11-20", "--concurrency", "1e5"),
     "--concurrency '1e5' — use a whole number from 1 to 16"),
])
def test_a_number_past_its_bound_in_any_spelling_names_the_bound(
        papers, args: tuple[str, ...], line: str) -> None:
    """`-n 1e23` said "use a whole number, 0 or more", where 99999999999999999999999
    named the bound: a number too big is too big however it is written."""
    result = papers(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert one_line(result.stderr) == f"papers: error: {line}"


@pytest.mark.parametrize(("args", "said"), [
    (("today", "--limit", "1_0", "--offline"), "'1_0' — use a whole number"),
    (("today", "--timeout", "1_0.5", "--offline"), "'1_0.5' — use a number of seconds"),
    (("config", "set", "network.timeout", "1_0"), "network.timeout must be a number, got '1_0'"),
])
def test_a_number_with_underscores_is_refused(library, home: Home, args: tuple[str, ...],
                                              said: str) -> None:
    """`--limit 1_0` showed ten papers: int() reads Python's digit separators, which no
    one types on purpose on a command line."""
    before = home.config_file.read_text() if home.config_file.exists() else None
    result = library(*args)
    assert (result.exit_code, result.stdout) == (2, ""), result.stdout
    assert said in one_line(result.stderr)
    assert (home.config_file.read_text() if home.config_file.exists() else None) == before


@pytest.mark.parametrize(("args", "line"), [
    # It said "--quiet conflicts with --format json": an option not on the line.
    (("today", "--json", "-q", "--offline"),
     "papers: error: --quiet conflicts with --json — see 'papers today --help'"),
    (("starred", "-q", "--json"),
     "papers: error: --quiet conflicts with --json — see 'papers starred --help'"),
    (("today", "-q", "-f", "md", "--offline"),
     "papers: error: --quiet conflicts with --format md — see 'papers today --help'"),
])
def test_quiet_with_another_format_names_the_option_typed(library, args: tuple[str, ...],
                                                          line: str) -> None:
    result = library(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert one_line(result.stderr) == line


@pytest.mark.parametrize("args", [
    ("search", "llama", "--offline"),
    ("search", "--offline"),
    ("starred",),
    ("for-you",),
    ("related", "2401.01055", "--offline"),
])
def test_display_sort_pins_no_column_where_it_does_not_order(library, home: Home,
                                                            args: tuple[str, ...]) -> None:
    """display.sort is the listings' default --sort. A search, the library, the reading
    list and the rankings keep their own order without --sort, and their tables showed
    that setting's column all the same: "Stars" over papers not in stars order."""
    assert library("star", "2401.01055", "2404.14047", "--offline").exit_code == 0
    write_config(home, '[display]\nsort = "stars"\n')
    result = library(*args)
    assert result.exit_code == 0, result.stderr
    header = result.stdout.splitlines()[1]
    assert header.lstrip().startswith("#") and "Stars" not in header, header
    # The listings still take it, and --sort pins its column.
    assert "Stars" in library("day", "2024-01-02", "--offline").stdout.splitlines()[1]
    if args[0] != "for-you" and args[0] != "related":  # (no --sort: they rank)
        assert "Stars" in library(*args, "--sort", "stars").stdout.splitlines()[1]


@pytest.mark.parametrize("how", ["file", "env"])
def test_refresh_with_network_offline_on_says_it_fetched_nothing(
        library, home: Home, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    """--refresh --offline is a usage error; --refresh with network.offline on showed the
    cached copy as if it had been fetched, without a word."""
    if how == "file":
        write_config(home, "[network]\noffline = true\n")
    else:
        monkeypatch.setenv("PAPERS_OFFLINE", "1")
    result = library("day", "2024-01-02", "--refresh", "-q")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()  # the cached day, as before
    setting = "network.offline" if how == "file" else "PAPERS_OFFLINE"
    assert one_line(result.stderr) == (
        f"papers: warning: --refresh fetched nothing: {setting} is on")
    assert library("day", "2024-01-02", "-q").stderr == ""  # (no --refresh: nothing said)


@pytest.mark.parametrize("argv", [
    ("today", "--no-color"), ("--no-color", "today"), ("today", "--color=never"),
    ("starred", "--colour", "always"), ("show", "2401.01055", "--no-colors")])
def test_a_colour_flag_names_no_color(papers, argv: tuple[str, ...]) -> None:
    """git's and ls's `--no-color` / `--color=never` said only "see 'papers today --help'"
    (and `--colour` offered --columns); colour here is NO_COLOR's, and the line says so."""
    result = papers(*argv)
    assert result.exit_code == 2 and result.stdout == ""
    flag = next(w for w in argv if w.startswith("--")).partition("=")[0]
    assert result.stderr == f"papers: error: no such option: {flag} — NO_COLOR=1 turns colour off\n"
