"""`papers config`: the settings file round trip, its errors, and overrides."""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from conftest import TODAY, Home, one_line, run_app, run_process, write_config
from hubserver import HubServer
from papercli.config import SCHEMA, tilde
from papercli.terminal import cell_width


def test_path_is_under_the_xdg_config_dir_and_creates_nothing(papers, home: Home) -> None:
    result = papers("config", "path")
    assert result.exit_code == 0
    assert result.stdout == f"{home.config_file}\n"
    assert not home.config_file.exists()


def test_set_get_round_trip_and_file_content(papers, home: Home) -> None:
    assert papers("config", "set", "network.timeout", "5").exit_code == 0
    assert papers("config", "set", "display.sort", "upvotes").exit_code == 0
    result = papers("config", "set", "cache.today_ttl", "60")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "cache.today_ttl = 60" in result.stderr
    assert papers("config", "get", "network.timeout").stdout == "5.0\n"
    assert papers("config", "get", "display.sort").stdout == "upvotes\n"
    assert papers("config", "get", "cache.today_ttl").stdout == "60\n"
    assert papers("config", "get", "network.retries").stdout == "3\n"  # a default
    data = tomllib.loads(home.config_file.read_text(encoding="utf-8"))
    assert data == {
        "network": {"timeout": 5.0},
        "display": {"sort": "upvotes"},
        "cache": {"today_ttl": 60},
    }


def test_set_keeps_other_tables_and_backs_up_a_commented_file(papers, home: Home) -> None:
    original = (
        "# my settings\n"
        "[families.Orca]\n"
        'words = ["Orca"]\n'
        "\n"
        "[watch.llava]\n"
        'family = ["LLaVA"]\n'
        "\n"
        "[network]\n"
        "retries = 5\n"
    )
    write_config(home, original)
    result = papers("config", "set", "network.timeout", "2.5")
    assert result.exit_code == 0, result.stderr
    assert "comments not kept; the previous config.toml is config.toml.bak" in result.stderr
    data = tomllib.loads(home.config_file.read_text(encoding="utf-8"))
    assert data == {
        "families": {"Orca": {"words": ["Orca"]}},
        "watch": {"llava": {"family": ["LLaVA"]}},
        "network": {"retries": 5, "timeout": 2.5},
    }
    backup = home.config_file.with_name("config.toml.bak")
    assert backup.read_text(encoding="utf-8") == original
    # A file without comments is rewritten without a backup (and without a warning).
    backup.unlink()
    again = papers("config", "set", "network.retries", "1")
    assert again.stderr.count("\n") == 1 and "comments" not in again.stderr
    assert not backup.exists()


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("network.timeout", "fast", "network.timeout must be a number"),
        ("network.retries", "2.5", "network.retries must be a whole number"),
        ("network.retries", "-1", "network.retries must be at least 0"),
        ("display.sort", "best",
         "display.sort 'best' — trending, upvotes, new, stars or relevance"),
        ("network.timeout", "nan", "network.timeout must be a finite number"),
        ("new.first_days", "0", "new.first_days must be at least 1"),
        ("network.offline", "maybe", "network.offline must be true or false (or 1 or 0)"),
    ],
)
def test_set_type_checks_the_value(papers, home: Home, key: str, value: str,
                                   words: str) -> None:
    result = papers("config", "set", key, value)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert words in one_line(result.stderr)
    assert not home.config_file.exists()


def test_a_sort_is_taken_in_any_case_as_the_option_takes_it(papers, home: Home,
                                                          seeded_hub: HubServer) -> None:
    """`--sort Upvotes` works, but `config set display.sort Upvotes` was refused, and
    `sort = "Upvotes"` written by hand stopped every command; now both mean upvotes."""
    result = papers("config", "set", "display.sort", "Upvotes")
    assert result.exit_code == 0, result.stderr
    assert tomllib.loads(home.config_file.read_text(encoding="utf-8")) == {
        "display": {"sort": "upvotes"}}
    write_config(home, '[display]\nsort = "New"\n')
    assert papers("config", "get", "display.sort").stdout == "new\n"
    listing, by_new = papers("today", "--json"), papers("today", "--json", "--sort", "new")
    assert listing.exit_code == 0, listing.stderr
    assert listing.stdout == by_new.stdout
    write_config(home, '[display]\nsort = "best"\n')
    bad = papers("config", "get", "display.sort")
    assert bad.exit_code == 1 and one_line(bad.stderr) == (
        "papers: error: ~/config/papercli/config.toml, line 2: display.sort 'best' — use "
        "trending, upvotes, new, stars or relevance")


def test_unknown_keys_are_usage_errors_with_a_suggestion(papers, home: Home) -> None:
    result = papers("config", "set", "display.srot", "new")
    assert result.exit_code == 2
    assert "did you mean display.sort" in one_line(result.stderr)
    get = papers("config", "get", "nope")
    assert get.exit_code == 2 and "unknown setting 'nope'" in one_line(get.stderr)
    watch = papers("config", "set", "watch.llava.family", "LLaVA")
    assert watch.exit_code == 2 and "papers watch" in one_line(watch.stderr)
    assert not home.config_file.exists()


@pytest.mark.parametrize(("key", "meant"), [
    ("display.timeout", "network.timeout"),  # was: did you mean display.limit?
    ("network.sort", "display.sort"),  # was: network.retries
    ("network.endpoint", "hub.endpoint"),  # was: network.offline
    ("sort", "display.sort"),  # was: no suggestion
    ("arxiv", "sources.arxiv"),
    ("network.timout", "network.timeout"),
    ("DISPLAY.SRT", "display.sort"),  # was: no suggestion (keys in capitals)
    ("NETWORK.TIMOUT", "network.timeout"),
])
def test_a_setting_under_the_wrong_table_is_pointed_to_its_own(
        papers, home: Home, key: str, meant: str) -> None:
    """A key put under the wrong table (or none), on the command line or in the file,
    was answered with a neighbour sharing the table's letters; now with the setting of
    that name, where it lives."""
    result = papers("config", "get", key)
    assert result.exit_code == 2
    assert one_line(result.stderr) == (
        f"papers: error: unknown setting '{key}' — did you mean {meant}?")
    table, _, name = key.rpartition(".")
    write_config(home, f"[{table}]\n{name} = 1\n" if table else f"{name} = 1\n")
    shown = papers("config", "get", "network.retries")
    assert shown.exit_code == 0 and shown.stdout == "3\n"
    warning = one_line(shown.stderr)  # (in 80 columns: the whole sentence made 106)
    assert warning.startswith(f"papers: warning: config.toml, line {key.count('.') + 1}: ")
    assert f"'{name}' ignored" in warning or f"'{key}' ignored" in warning
    assert f"{meant}?" in warning or f"did you mean {meant.rpartition('.')[2]}?" in warning
    assert cell_width(warning) <= 80


def test_an_unknown_key_names_the_file_as_a_bad_value_does(papers, home: Home) -> None:
    """A bad value said `config.toml, line 2:` (or the path with ~ when that fits), but an
    unknown key still named the whole path: 150 columns for a home of any depth. Both
    name the file the same way now."""
    write_config(home, "x = 1\n")
    short = papers("config", "get", "network.retries")
    assert short.exit_code == 0, short.stderr
    assert one_line(short.stderr) == (
        "papers: warning: ~/config/papercli/config.toml, line 1: unknown key 'x' ignored")
    write_config(home, '[display]\nsort = "newx"\n')
    bad = papers("config", "get", "network.retries")
    write_config(home, '[display]\nsortt = "new"\n')
    unknown = papers("config", "get", "network.retries")
    assert unknown.exit_code == 0, unknown.stderr
    assert one_line(bad.stderr).startswith("papers: error: config.toml, line 2: ")
    assert one_line(unknown.stderr) == (
        "papers: warning: config.toml, line 2: 'sortt' ignored: did you mean sort?")
    assert str(home.root) not in unknown.stderr


def test_a_full_text_not_kept_under_network_offline_fits_80_columns(
        library, home: Home) -> None:  # type: ignore[no-untyped-def]
    """`show ID --full` with network.offline = true in the file said "the full text of
    ID is not in the local library — unset network.offline" in 94 columns (a paper the
    library has: one it lacks is "not in the local library", as `show` says it)."""
    papers = library
    write_config(home, "[network]\noffline = true\n")
    result = papers("show", "2401.01055", "--full")
    assert result.exit_code == 1 and result.stdout == ""
    line = one_line(result.stderr)
    assert line == ("papers: error: no full text of 2401.01055 downloaded yet — unset "
                    "network.offline")
    assert len(line) <= 80
    write_config(home, "")
    flag = papers("show", "2401.01055", "--full", "--offline")
    assert one_line(flag.stderr) == ("papers: error: no full text of 2401.01055 downloaded "
                                     "yet — run without --offline")


def test_an_unknown_setting_fits_80_columns(papers, home: Home) -> None:
    """`config set` of a key that is no setting said "— see `papers config show` for every
    key" (94 columns for arxiv.categories.foo), and a key in the watch or families table
    what they are edited with in 122 and 110."""
    for key, line in (
            ("foo.bar", "unknown setting 'foo.bar' — see papers config show"),
            ("arxiv.categories.foo",
             "unknown setting 'arxiv.categories.foo' — see papers config show"),
            ("watch.x.keyword", "unknown setting 'watch.x.keyword' — use papers watch add"),
            ("families.x", "unknown setting 'families.x' — use papers config edit"),
            ("display.colums", "unknown setting 'display.colums' — did you mean "
             "display.columns?")):
        result = papers("config", "set", key, "1")
        assert (result.exit_code, result.stdout) == (2, ""), key
        assert one_line(result.stderr) == f"papers: error: {line}"
        assert cell_width(one_line(result.stderr)) <= 80
    assert not home.config_file.exists()


def test_a_key_naming_a_watch_says_the_watch_command_for_it(papers, home: Home) -> None:
    """`config get watch.LLaVA2` of a watch there is said "unknown setting — use papers
    watch add", which refuses the name; now what shows it (or changes, or removes it),
    each line in 80 columns. A watch there is not still gets `watch add`."""
    write_config(home, '[watch.LLaVA2]\nfamily = ["LLaVA"]\n\n'
                 '[watch."my long watch name for vision language models"]\n'
                 'keyword = ["vision"]\n')
    for args, line in (
            (("get", "watch.LLaVA2"), "'watch.LLaVA2' is a watch — papers watch list LLaVA2 "
             "shows it"),
            (("get", "watch.llava2.family"), "'watch.llava2.family' is a watch — papers "
             "watch list shows it"),
            (("set", "watch.llava2", "x"), "'watch.llava2' is a watch — watch add LLaVA2 "
             "--replace changes it"),
            (("unset", "watch.LLaVA2"), "'watch.LLaVA2' is a watch — papers watch rm LLaVA2 "
             "removes it"),
            (("set", "watch.my long watch name for vision language models.keyword", "x"),
             "'watch.my lon…' is a watch — watch add NAME --replace changes it"),
            (("get", "watch.nope"), "unknown setting 'watch.nope' — use papers watch add")):
        result = papers("config", *args)
        assert (result.exit_code, result.stdout) == (2, ""), args
        assert one_line(result.stderr) == f"papers: error: {line}"
        assert cell_width(one_line(result.stderr)) <= 80
    assert papers("watch", "list", "LLaVA2").exit_code == 0  # (the hint works)


def test_a_table_name_is_not_taken_for_a_setting(papers, home: Home) -> None:
    """`network = 5` in the file, or `config get network`, suggested network.budget."""
    get = papers("config", "get", "network")  # (the section's keys: none suggested)
    assert get.exit_code == 0 and get.stderr == ""
    assert get.stdout.startswith("network.offline = false\nnetwork.timeout = 10.0\n")
    write_config(home, "network = 5\n")
    shown = papers("config", "get", "network.timeout")
    # (it was "unknown key 'network' ignored", where `config set network.timeout` said
    # "network must be a table")
    assert shown.exit_code == 0 and one_line(shown.stderr) == (
        "papers: warning: config.toml, line 1: network is a table: this line is ignored")
    bad = papers("config", "set", "network.timeout", "5")
    assert bad.exit_code == 1 and one_line(bad.stderr) == (
        "papers: error: config.toml, line 1: network must be a table")


def test_get_with_a_section_name_lists_its_keys(papers, home: Home) -> None:
    """`config get display` said "no setting 'display'": a user expected the section's
    keys and values, as `git config --get-regexp` lists them."""
    write_config(home, '[display]\nsort = "upvotes"\n')
    got = papers("config", "get", "display")
    assert got.exit_code == 0 and got.stderr == "", got.stderr
    assert got.stdout == ("display.limit = 0\ndisplay.sort = upvotes\n"
                          "display.columns = upvotes,date,id,authors,title,families,tags\n")
    as_json = papers("config", "get", "display", "--json")
    assert as_json.exit_code == 0 and json.loads(as_json.stdout) == {
        "display.limit": 0, "display.sort": "upvotes",
        "display.columns": ["upvotes", "date", "id", "authors", "title", "families", "tags"]}
    assert json.loads(papers("config", "get", "sources", "--json").stdout) == {
        "sources.arxiv": []}
    for name in ("displa", "display."):  # (neither a section nor a key)
        bad = papers("config", "get", name)
        assert bad.exit_code == 2 and bad.stdout == "" and "setting" in bad.stderr, name


def test_invalid_toml_names_file_and_line(papers, home: Home) -> None:
    write_config(home, '[network]\ntimeout = 5\nretries = = 3\n')
    for args in (("config", "show"), ("config", "get", "network.timeout"), ("today",),
                 ("watch", "list")):
        result = papers(*args)
        assert result.exit_code == 1, args
        assert result.stdout == ""
        line = one_line(result.stderr)
        # As a bad value in it is said: the path with ~, and the command that fixes it
        # (it said "fix the line named, or move the file aside").
        # The line and tomllib's words, within 80 columns (the whole path made 140).
        assert line == ("papers: error: config.toml, line 3: a value TOML can't read — "
                        "papers config edit"), line
    # Setting a value never overwrites a file it cannot read.
    before = home.config_file.read_text(encoding="utf-8")
    assert papers("config", "set", "network.timeout", "3").exit_code == 1
    assert home.config_file.read_text(encoding="utf-8") == before


def test_a_file_that_is_not_utf8_names_the_byte_and_line(papers, home: Home) -> None:
    home.config_file.parent.mkdir(parents=True)
    home.config_file.write_bytes(b"[display]\nlimit = 5\n# caf\xe9 au lait\n")
    before = home.config_file.read_bytes()
    for args in (("config", "get", "display.limit"), ("today", "--offline"),
                 ("config", "set", "display.limit", "3"), ("watch", "list")):
        result = papers(*args)
        assert result.exit_code == 1, args
        line = one_line(result.stderr)
        assert line == "papers: error: config.toml is not UTF-8 text (byte 0xe9 on line 3)"
    assert home.config_file.read_bytes() == before


def test_a_config_folder_in_place_of_the_file_says_so(papers, home: Home) -> None:
    home.config_file.mkdir(parents=True)
    for args in (("config", "show"), ("config", "set", "display.limit", "3")):
        result = papers(*args)
        assert result.exit_code == 1, args
        line = one_line(result.stderr)
        assert line == "papers: error: config.toml is a folder, not a file — move it aside"


def test_a_folder_in_place_of_the_lock_is_named(papers, home: Home) -> None:
    write_config(home, "[display]\nlimit = 5\n")
    lock = home.config_file.with_name(".config.toml.lock")
    lock.mkdir()
    for args in (("config", "set", "display.limit", "3"), ("watch", "add", "x", "-k", "y")):
        result = papers(*args)
        assert result.exit_code == 1, args
        assert one_line(result.stderr) == (  # (in 80 columns: 190 with the paths whole)
            "papers: error: ~/config/papercli/.config.toml.lock is not a file — remove it")
        with pytest.MonkeyPatch.context() as debug:
            debug.setenv("PAPERS_DEBUG", "1")
            assert one_line(papers(*args).stderr).endswith(
                f"{lock} is not a file — remove {lock} (papers makes a new one)")
    assert home.config_file.read_text(encoding="utf-8") == "[display]\nlimit = 5\n"


def test_a_byte_order_mark_is_skipped(papers, home: Home) -> None:
    """Notepad saves UTF-8 with a byte-order mark; TOML has no use for it."""
    home.config_file.parent.mkdir(parents=True)
    home.config_file.write_bytes("\ufeff[display]\nlimit = 7\nlimt = 1\n".encode())
    result = papers("config", "get", "display.limit")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "7"
    assert "line 3" in one_line(result.stderr)  # the lines are counted as before


@pytest.mark.parametrize(("text", "said"), [
    ("[network]\ntimeout = true\n",
     "network.timeout must be a number, got true — papers config edit"),
    ("[display]\nsort = false\n",
     "display.sort must be text — papers config unset display.sort"),
    ("[network]\nretries = 3.5\n",
     "network.retries must be a whole number — papers config edit"),
])
def test_a_wrong_type_is_shown_as_written(papers, home: Home, text: str, said: str) -> None:
    """...with what fixes it in 80 columns (the path and two commands made it up to 230;
    the file's name and line without a fix, as the line was said, promised none), and
    `config set` and `config unset` read past a bad value (and fix it)."""
    write_config(home, text)
    result = papers("config", "show")
    assert result.exit_code == 1
    key = said.split()[0]
    line = one_line(result.stderr)
    assert line == f"papers: error: {said}" and cell_width(line) <= 80, line
    assert papers("config", "unset", key).exit_code == 0
    assert papers("config", "show").exit_code == 0


def test_a_switch_in_the_file_is_said_true_or_false(papers, home: Home) -> None:
    """A bad `offline` in the file was said with "(or 1 or 0)", what a variable takes, on a
    line of 89 columns, so the whole path and hint were said (151)."""
    write_config(home, '[network]\noffline = "maybe"\n')
    bad = papers("config", "show")
    assert bad.exit_code == 1 and one_line(bad.stderr) == (
        "papers: error: network.offline must be true or false — papers config edit")


def test_wrong_type_in_the_file_names_file_line_and_key(papers, home: Home,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(home, '[display]\nlimit = 5\n\n[network]\nretries = "many"\n')
    result = papers("config", "get", "display.limit")
    assert result.exit_code == 1
    line = one_line(result.stderr)
    # The key and a fix within 80 columns (with the path and the hint: 134; "config.toml,
    # line 5: retries must be a whole number, got 'many'" named no fix); PAPERS_DEBUG
    # names the file and line, as [network] spells it, and both fixes.
    assert line == ("papers: error: network.retries must be a whole number — papers config "
                    "edit"), line
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    line = one_line(papers("config", "get", "display.limit").stderr)
    assert line == (f"papers: error: config file {home.config_file}, line 5: network.retries "
                    "must be a whole number, got 'many' — fix it with papers config set "
                    "network.retries VALUE, or papers config unset network.retries"), line


def test_unknown_key_in_the_file_is_a_warning(papers, home: Home,
                                              seeded_hub: HubServer) -> None:
    write_config(home, "[display]\nlimt = 5\n")
    shown = papers("config", "show")
    assert shown.exit_code == 0
    warning = one_line(shown.stderr)
    assert "warning" in warning and "line 2" in warning
    assert "'limt' ignored: did you mean limit?" in warning
    listing = papers("today", "--json")
    assert listing.exit_code == 0
    assert len(json.loads(listing.stdout)) == 10  # the bad key changed nothing
    assert "'limt' ignored" in listing.stderr


def test_settings_change_behaviour(papers, seeded_hub: HubServer) -> None:
    assert papers("config", "set", "display.limit", "3").exit_code == 0
    assert "3 of 10 papers (-n 0: all)" in papers("today").stdout  # a setting for tables
    assert len(json.loads(papers("today", "--json").stdout)) == 10
    assert len(json.loads(papers("today", "--json", "-n", "3").stdout)) == 3
    assert papers("config", "set", "display.sort", "upvotes").exit_code == 0
    votes = [p["upvotes"] for p in json.loads(papers("today", "--json").stdout)]
    assert votes == sorted(votes, reverse=True)


def test_environment_overrides_the_file(papers, home: Home, monkeypatch) -> None:
    papers("config", "set", "network.timeout", "5")
    monkeypatch.setenv("PAPERS_TIMEOUT", "7")
    assert papers("config", "get", "network.timeout").stdout == "7.0\n"
    show = json.loads(papers("config", "show", "--json").stdout)
    assert show["settings"]["network.timeout"] == {
        "value": 7.0, "default": 10.0, "source": "env PAPERS_TIMEOUT"}
    result = papers("config", "set", "network.timeout", "6")
    assert result.exit_code == 0
    # (it said "$PAPERS_TIMEOUT is set and overrides network.timeout while it is")
    assert result.stderr.splitlines()[0] == (
        "papers: warning: PAPERS_TIMEOUT (7.0) overrides network.timeout while it is set")
    monkeypatch.setenv("PAPERS_TIMEOUT", "soon")
    bad = papers("config", "get", "network.timeout")
    assert bad.exit_code == 1 and one_line(bad.stderr) == (
        "papers: error: PAPERS_TIMEOUT must be a number, got 'soon' — fix or unset it")


def test_unset_under_a_variable_says_the_variable_applies(papers, home: Home,
                                                          monkeypatch) -> None:
    """`PAPERS_TIMEOUT=3 papers config unset network.timeout` warned "... overrides
    network.timeout while it is" (cut mid-sentence) and then said "its default 10.0
    applies", while 3 did: one note says what applies, and then the default. An
    endpoint's password is never said."""
    papers("config", "set", "network.timeout", "5")
    monkeypatch.setenv("PAPERS_TIMEOUT", "3")
    removed = papers("config", "unset", "network.timeout")
    assert removed.exit_code == 0
    assert removed.stderr.splitlines() == [
        "papers: removed network.timeout; PAPERS_TIMEOUT applies (default 10.0)"]
    again = papers("config", "unset", "network.timeout")
    assert again.stderr.splitlines() == [
        "papers: network.timeout was not set; PAPERS_TIMEOUT applies (default 10.0)"]
    papers("config", "set", "hub.endpoint", "https://hf-mirror.com")
    monkeypatch.setenv("HF_ENDPOINT", "https://me:s3cret@mirror.example")
    written = papers("config", "set", "hub.endpoint", "https://hf-mirror.com")
    assert written.stderr.splitlines()[0] == (  # (its value, without me:s3cret@, made 86)
        "papers: warning: HF_ENDPOINT overrides hub.endpoint while it is set")
    endpoint = papers("config", "unset", "hub.endpoint")
    assert endpoint.stderr.splitlines() == [  # (with the default URL, 83 columns)
        "papers: removed hub.endpoint; HF_ENDPOINT applies while it is set"]
    assert "s3cret" not in written.stderr + endpoint.stderr


def test_the_hub_endpoint_must_be_an_http_url(papers, home: Home, monkeypatch) -> None:
    """`config set hub.endpoint notaurl` was taken, and every fetch after it failed with a
    message about the request that pointed at HF_ENDPOINT; credentials are never shown."""
    bad = papers("config", "set", "hub.endpoint", "notaurl")
    assert bad.exit_code == 2 and not home.config_file.exists()
    assert one_line(bad.stderr) == (
        "papers: error: hub.endpoint must be an http(s) URL, got 'notaurl'")
    assert papers("config", "set", "hub.endpoint", "https://hf-mirror.com/").exit_code == 0
    monkeypatch.setenv("HF_ENDPOINT", "ftp://me:s3cret@mirror.example")
    env = papers("today", "--offline")
    assert env.exit_code == 1 and env.stdout == ""
    assert one_line(env.stderr) == (
        "papers: error: HF_ENDPOINT must be an http(s) URL, got 'ftp://mirror.example'")
    assert "s3cret" not in env.stderr


def test_a_papers_now_that_is_not_a_time_is_an_error(papers, monkeypatch) -> None:
    """A script that pins the time is told, not run on today's date without a word; the
    variable named as every setting's is ("PAPERS_TIMEOUT must be a number, got 'x'"),
    where it was "$PAPERS_NOW '2026-13-01' — use …"."""
    monkeypatch.setenv("PAPERS_NOW", "2026-13-01\x1b[2J")
    for args in (("today",), ("new", "--all", "--peek"), ("for-you",), ("week",)):
        bad = papers(*args)
        assert bad.exit_code == 1 and bad.stdout == "", args
        assert one_line(bad.stderr) == (  # (the escape is not shown; 80 columns)
            "papers: error: PAPERS_NOW must be like 2026-08-21T08:00:00Z, got '2026-13-01'")
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    assert one_line(papers("today").stderr) == (
        "papers: error: PAPERS_NOW must be an ISO timestamp, got '2026-13-01' — set it like "
        "2026-08-21T08:00:00Z, or unset it")


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59Z", "0001-01-01", "1969-07-20"])
def test_a_papers_now_no_command_can_count_from_is_an_error(papers, home: Home, monkeypatch,
                                                            moment: str) -> None:
    """A time the dates cannot be counted from: `week` at 9999-12-31 was "unexpected
    OverflowError: date value out of range", `trends` "year 10000 is out of range", and
    a listing fetched at year 1 was stored as "1-01-01T…", a damaged record to `cache
    info` ever after. Now the one error line, before anything is read or written."""
    monkeypatch.setenv("PAPERS_NOW", moment)
    for args in (("week",), ("trends",), ("new", "--all", "--peek"), ("today",)):
        bad = papers(*args)
        line = one_line(bad.stderr)
        assert bad.exit_code == 1 and bad.stdout == "", (args, bad.stderr)
        assert line.startswith("papers: error: PAPERS_NOW must be "), line
        assert "1991" in line and len(line) <= 80, line
    assert not home.library.exists()
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    assert moment in one_line(papers("today").stderr)


@pytest.mark.parametrize("text", ["[network]\ntimeout = {}\n",
                                  "[network]\ntimeout = { seconds = 5 }\n",
                                  "[network.timeout]\nseconds = 5\n"])
def test_a_setting_written_as_a_table_is_a_wrong_type(papers, home: Home, text: str) -> None:
    """`timeout = { seconds = 5 }` was "'seconds' ignored (network.timeout?)", a warning,
    and `timeout = {}` not a word: the timeout the user wrote silently the default. Now
    the error a value of the wrong type gives, naming the setting and its line."""
    write_config(home, text)
    bad = papers("config", "show")
    line = one_line(bad.stderr)
    assert bad.exit_code == 1 and bad.stdout == "", bad.stderr
    assert "network.timeout must be a number" in line and len(line) <= 80, line
    whole = one_line(papers("config", "show", env={"PAPERS_DEBUG": "1"}).stderr)
    at = text.splitlines().index(next(t for t in text.splitlines() if "timeout" in t)) + 1
    assert f"config.toml, line {at}: network.timeout must be a number, got a table" in whole


ENV_SETTINGS = [(key, s.env) for key, s in SCHEMA.items() if s.env]


@pytest.mark.parametrize("blank", ["", " ", "\t \n"])
@pytest.mark.parametrize("key, variable", ENV_SETTINGS)
def test_a_blank_variable_is_unset_as_an_empty_one_is(papers, home: Home, monkeypatch,
                                                      key: str, variable: str,
                                                      blank: str) -> None:
    """PAPERS_TIMEOUT="" was no setting, but PAPERS_TIMEOUT=" " (a script's unset variable
    in quotes) was an error ("must be a number, got ' '"); now blanks are unset too, as
    ARXIV_API_ENDPOINT and PAPERS_ARXIV_INTERVAL took them, for every variable."""
    monkeypatch.setenv(variable, blank)
    got = papers("config", "show", "--json")
    assert got.exit_code == 0 and got.stderr == "", got.stderr
    setting = json.loads(got.stdout)["settings"][key]
    assert setting["source"] == "default" and setting["value"] == SCHEMA[key].default
    value = "https://hf-mirror.com" if key == "hub.endpoint" else (
        "true" if SCHEMA[key].type is bool else "5")
    written = papers("config", "set", key, value)
    assert written.exit_code == 0 and "overrides" not in written.stderr, written.stderr


@pytest.mark.parametrize("key, variable", ENV_SETTINGS)
def test_a_bad_variable_is_one_line_of_80_columns_naming_it(papers, monkeypatch, key: str,
                                                             variable: str) -> None:
    """A bad variable named both it and the setting with a `$`, and the variable again in
    the hint ("$PAPERS_OFFLINE: network.offline must be true or false (or 1 or 0), got
    'maybe' — fix or unset PAPERS_OFFLINE", 126 columns); now it is named once."""
    monkeypatch.setenv(variable, "maybe")
    bad = papers("today", "--offline")
    line = one_line(bad.stderr)
    assert bad.exit_code == 1 and bad.stdout == ""
    assert line.startswith(f"papers: error: {variable} must be ") and "'maybe'" in line
    assert key not in line and len(line) <= 80, line
    monkeypatch.setenv(variable, "1e999" if SCHEMA[key].type is float else "-1")
    if SCHEMA[key].type in (int, float):  # out of bounds, said as the type is
        bad = papers("config", "show")
        line = one_line(bad.stderr)
        assert line.startswith(f"papers: error: {variable} must be ") and len(line) <= 80, line


@pytest.mark.parametrize("blank", ["", " ", "\t"])
def test_a_blank_papers_now_is_now(papers, monkeypatch, blank: str) -> None:
    """PAPERS_NOW=" " was "' ' is not an ISO timestamp", PAPERS_NOW="" the clock's time;
    now both are the clock's time."""
    monkeypatch.setenv("PAPERS_NOW", blank)
    found = papers("search", "llava", "--since", "7d", "--offline", "-q")  # (reads the clock)
    said = [line for line in found.stderr.splitlines() if "library is empty" not in line]
    assert found.exit_code == 0 and said == [], found.stderr  # (an empty library is said)


@pytest.mark.parametrize("word, on", [("1", True), ("TRUE", True), ("yes", True),
                                      ("On", True), ("0", False), ("false", False),
                                      ("no", False), ("off", False)])
def test_network_offline_takes_the_words_hf_hub_offline_takes(papers, monkeypatch,
                                                               word: str, on: bool) -> None:
    monkeypatch.setenv("PAPERS_OFFLINE", word)
    got = papers("config", "get", "network.offline")
    assert got.exit_code == 0 and got.stdout == ("true\n" if on else "false\n")


def test_papers_offline_keeps_every_command_off_the_network(
        papers, home: Home, seeded_hub: HubServer, monkeypatch) -> None:
    """network.offline (PAPERS_OFFLINE=1, or the file) is --offline for every command:
    not one request, and a miss says which setting to change, not "without --offline"."""
    assert papers("today", "-q").exit_code == 0
    asked = seeded_hub.count()
    monkeypatch.setenv("PAPERS_OFFLINE", "1")
    assert papers("today", "-q").exit_code == 0  # the cached day
    assert papers("day", "yesterday", "-q").exit_code == 1  # never fetched: a miss
    missing = papers("show", "2611.77777")
    assert missing.exit_code == 1 and one_line(missing.stderr) == (
        "papers: error: 2611.77777 is not in the local library — unset PAPERS_OFFLINE")
    sync = papers("sync", "--since", "2026-11-01")
    assert sync.exit_code == 1 and sync.stdout == ""
    assert one_line(sync.stderr) == (
        "papers: error: papers sync fetches from the Hub — unset PAPERS_OFFLINE")
    typed = papers("show", "2611.77777", "--offline")  # asked for: the usual hint
    assert "run without --offline" in one_line(typed.stderr)
    saturday = next(TODAY - timedelta(days=d) for d in range(1, 8)
                    if (TODAY - timedelta(days=d)).weekday() == 5)
    weekend = papers("day", saturday.isoformat())  # a hint of its own stands
    assert "no listing on Saturdays" in one_line(weekend.stderr)
    assert seeded_hub.count() == asked
    # From the file, the hint names the file's setting; PAPERS_OFFLINE=0 overrides it.
    monkeypatch.delenv("PAPERS_OFFLINE")
    assert papers("config", "set", "network.offline", "true").exit_code == 0
    assert one_line(papers("show", "2611.77777").stderr) == (
        "papers: error: 2611.77777 is not in the local library — unset network.offline")
    assert seeded_hub.count() == asked
    monkeypatch.setenv("PAPERS_OFFLINE", "0")
    assert papers("day", "yesterday", "-q").exit_code == 0
    assert seeded_hub.count() > asked


def test_show_lists_every_setting_with_its_source(papers, home: Home) -> None:
    papers("config", "set", "display.limit", "20")
    result = papers("config", "show")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"# {home.config_file}"
    assert any(line.startswith("display.limit = 20 ") and line.endswith("# file")
               for line in lines)
    assert any(line.startswith("network.retries = 3 ") and line.endswith("# default")
               for line in lines)
    data = json.loads(papers("config", "show", "--json").stdout)
    assert data["path"] == str(home.config_file)
    assert data["settings"]["display.limit"]["source"] == "file"
    assert set(data["settings"]) >= {"network.timeout", "cache.today_ttl", "new.first_days"}


def test_unset_restores_the_default(papers, home: Home) -> None:
    papers("config", "set", "network.retries", "9")
    papers("config", "set", "display.limit", "4")
    result = papers("config", "unset", "network.retries")
    assert result.exit_code == 0
    assert papers("config", "get", "network.retries").stdout == "3\n"
    assert tomllib.loads(home.config_file.read_text()) == {"display": {"limit": 4}}
    again = papers("config", "unset", "network.retries")
    assert again.exit_code == 0 and "was not set" in again.stderr


def test_installed_entry_point_sets_and_gets(home: Home) -> None:
    done = run_process("config", "set", "network.backoff", "0.25")
    assert done.returncode == 0, done.stderr
    got = run_process("config", "get", "network.backoff")
    assert (got.returncode, got.stdout) == (0, "0.25\n")
    bad = run_process("config", "set", "network.backoff", "slow")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_the_names_gh_and_git_users_type_work_too(papers, home: Home) -> None:
    """`config list` (gh, git config --list), `watch ls` and `watch remove` are hidden
    aliases: the same output as `config show`, `watch list` and `watch rm`, and not in
    --help, which names each command once."""
    assert papers("config", "set", "network.timeout", "5").exit_code == 0
    shown, listed = papers("config", "show"), papers("config", "list")
    assert listed.exit_code == 0 and listed.stdout == shown.stdout
    assert "network.timeout = 5.0" in listed.stdout
    assert papers("watch", "add", "llava", "--family", "LLaVA").exit_code == 0
    assert papers("watch", "ls").stdout == papers("watch", "list").stdout
    assert papers("watch", "remove", "llava").exit_code == 0
    assert "no watches yet" in papers("watch", "list").stderr
    for group, alias in (("config", "list"), ("watch", "ls"), ("watch", "remove")):
        assert f" {alias} " not in papers(group, "--help").stdout


@pytest.mark.parametrize("args", [("config", "get", "network.timeout", "--no-pager"),
                                  ("config", "path", "--no-pager")])
def test_an_option_of_config_show_given_to_a_sibling_names_show(
        papers, args: tuple[str, ...]) -> None:
    """The command beside that takes the option is named as --help names it: it said
    "papers config list takes it", the hidden alias, which no help lists."""
    result = papers(*args)
    assert result.exit_code == 2 and result.stdout == ""
    line = one_line(result.stderr)
    assert "papers config show takes it" in line, line
    assert "list" not in line


@pytest.mark.parametrize("command", [("config", "set", "display.limit", "9"),
                                     ("watch", "add", "llava", "--family", "LLaVA")])
def test_a_linked_config_file_is_refused_not_replaced(papers, home: Home, tmp_path: Path,
                                                       command: tuple[str, ...]) -> None:
    """config.toml as a dotfiles link: a write would either break the link (a file put in
    its place) or write through it; it is refused with one line naming the file, and
    both the link and that file stay as they were. Reading through it still works."""
    dotfile = tmp_path / "dotfiles" / "papercli.toml"
    dotfile.parent.mkdir()
    dotfile.write_text("# mine\n[display]\nlimit = 5\n", encoding="utf-8")
    home.config_file.parent.mkdir(parents=True, exist_ok=True)
    home.config_file.symlink_to(dotfile)
    done = papers(*command)
    assert done.exit_code == 1
    assert one_line(done.stderr) == (  # (the whole of it, both paths: 250 columns)
        "papers: error: config.toml links to ~/dotfiles/papercli.toml — edit it there")
    assert home.config_file.is_symlink()
    assert dotfile.read_text(encoding="utf-8") == "# mine\n[display]\nlimit = 5\n"
    assert papers("config", "get", "display.limit").stdout == "5\n"


def test_a_link_to_a_missing_file_is_not_said_to_be_a_file_not_created_yet(
        papers, home: Home, tmp_path: Path) -> None:
    """config.toml linking into a dotfiles folder not checked out: `config show` said
    "not created yet", and `config set` then refused the link; now show names the link."""
    dotfile = tmp_path / "dotfiles" / "papercli.toml"
    home.config_file.parent.mkdir(parents=True, exist_ok=True)
    home.config_file.symlink_to(dotfile)
    shown = papers("config", "show", "--no-pager")
    assert shown.exit_code == 0
    assert shown.stdout.splitlines()[:3] == [  # ($HF_ENDPOINT: the tests' unreachable Hub)
        f"# {home.config_file}", f"# a link to {dotfile}, which does not exist:",
        "# 1 value from the environment, the rest are defaults"]


def test_with_no_file_the_header_counts_what_the_environment_sets(
        papers, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no config.toml, `config show` said "(not created yet: every value is a
    default)" above `hub.endpoint = …  # env HF_ENDPOINT`. The note has a line of its own
    under the path (beside it, the header ran past 80 columns)."""
    shown = papers("config", "show", "--no-pager")
    assert shown.stdout.splitlines()[:2] == [
        f"# {home.config_file}",
        "# not created yet: 1 value from the environment, the rest are defaults"]
    assert shown.stdout.splitlines()[2].endswith("# env HF_ENDPOINT")
    monkeypatch.setenv("PAPERS_TIMEOUT", "3")
    assert papers("config", "show", "--no-pager").stdout.splitlines()[1] == (
        "# not created yet: 2 values from the environment, the rest are defaults")
    monkeypatch.delenv("PAPERS_TIMEOUT")
    monkeypatch.delenv("HF_ENDPOINT")
    alone = papers("config", "show", "--no-pager").stdout.splitlines()
    assert alone[:2] == [f"# {home.config_file}", "# not created yet: every value is a default"]
    assert all(line.endswith("# default") for line in alone[2:] if "#" in line)


def test_the_backup_is_never_written_through_a_link_and_stays_private(
        papers, home: Home, tmp_path: Path) -> None:
    """config.toml.bak planted as a link to another file: that file is untouched, the link
    is replaced by the backup, which is as private as the config (it may hold a token)."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    original = "# token inside\r\n[display]\r\nlimit = 5\r\n"
    home.config_file.parent.mkdir(parents=True, exist_ok=True)
    home.config_file.write_bytes(original.encode("utf-8"))
    os.chmod(home.config_file, 0o600)
    backup = home.config_file.with_name("config.toml.bak")
    backup.symlink_to(victim)
    done = papers("config", "set", "display.limit", "9")
    assert done.exit_code == 0, done.stderr
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not backup.is_symlink()
    assert backup.read_bytes() == original.encode("utf-8")  # the old bytes, CRLF kept
    assert backup.stat().st_mode & 0o777 == 0o600
    assert papers("config", "get", "display.limit").stdout == "9\n"


@pytest.mark.parametrize("port", ["abc", "-1", "99999", "0"])
def test_an_endpoint_with_a_port_that_cannot_be_is_refused(papers, home: Home, monkeypatch,
                                                           port: str) -> None:
    """`config set hub.endpoint http://127.0.0.1:abc` was saved, and every fetch after it
    failed with "unexpected InvalidURL ... please report it"; now it is refused where it is
    set, in the file or in $HF_ENDPOINT."""
    url = f"http://127.0.0.1:{port}"
    bad = papers("config", "set", "hub.endpoint", url)
    assert bad.exit_code == 2 and not home.config_file.exists()
    assert one_line(bad.stderr).startswith(
        f"papers: error: hub.endpoint must be an http(s) URL, got '{url}'")
    monkeypatch.setenv("HF_ENDPOINT", url)
    env = papers("day", "2026-08-20")
    assert env.exit_code == 1 and env.stdout == ""
    assert one_line(env.stderr) == (
        f"papers: error: HF_ENDPOINT must be an http(s) URL, got '{url}'")


@pytest.mark.parametrize("url", ["https://hf mirror.example", "http://127.0.0.1:8080?x=1",
                                 "https://mirror.example/#top"])
def test_an_endpoint_no_request_could_go_under_is_refused(papers, home: Home, monkeypatch,
                                                          url: str) -> None:
    """A space in the host, a query or a fragment were saved, and every fetch after
    failed as a host not found or a 404 (the API's paths went after the query)."""
    bad = papers("config", "set", "hub.endpoint", url)
    assert bad.exit_code == 2 and not home.config_file.exists()
    assert one_line(bad.stderr) == (
        f"papers: error: hub.endpoint must be an http(s) URL, got '{url}'")
    monkeypatch.setenv("HF_ENDPOINT", url)
    env = papers("day", "2026-08-20")
    assert env.exit_code == 1 and env.stdout == ""
    assert one_line(env.stderr).startswith(
        f"papers: error: HF_ENDPOINT must be an http(s) URL, got '{url}'")


def test_a_config_file_longer_than_a_settings_file_can_be_is_refused(papers, home: Home) -> None:
    """A config.toml of megabytes (a log written to the wrong name, a link to /dev/zero)
    was read whole, however long, before anything ran; now a file past the length `config
    edit` saves is one error, and one just under it still loads, CRLF line ends and all."""
    from papercli.config import MAX_TEXT

    setting = "[display]\r\nlimit = 5\r\n"
    filler = "# " + "x" * 97 + "\r\n"
    fits = setting + filler * ((MAX_TEXT - len(setting)) // len(filler) // 2)
    home.config_file.parent.mkdir(parents=True, exist_ok=True)
    home.config_file.write_bytes(fits.encode("utf-8"))
    assert papers("config", "get", "display.limit").stdout == "5\n"
    home.config_file.write_bytes((fits + filler * (MAX_TEXT // len(filler))).encode("utf-8"))
    for args in (("config", "get", "display.limit"), ("config", "set", "display.limit", "3")):
        bad = papers(*args)
        assert bad.exit_code == 1 and bad.stdout == "", args
        assert one_line(bad.stderr) == (
            f"papers: error: config.toml is longer than {MAX_TEXT:,} characters — move it "
            "aside")


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The usual umask (022), under which a file is made readable by everyone."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def test_a_password_in_the_endpoint_is_never_left_readable_by_others(
        papers, home: Home, open_umask: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """`config set hub.endpoint https://user:pass@mirror` wrote config.toml 0644: every
    account on the machine could read the password. A new config.toml is now made 0600
    (as gh makes its config); an existing one keeps its mode until what is written holds
    a password, then group and others lose their access; the password is shown nowhere."""
    monkeypatch.delenv("HF_ENDPOINT", raising=False)  # the file's value is shown
    first = papers("config", "set", "display.limit", "5")
    assert first.exit_code == 0, first.stderr
    assert home.config_file.stat().st_mode & 0o777 == 0o600  # new: private

    os.chmod(home.config_file, 0o644)  # the user's choice is kept while it holds no secret
    assert papers("config", "set", "display.limit", "6").exit_code == 0
    assert home.config_file.stat().st_mode & 0o777 == 0o644

    done = papers("config", "set", "hub.endpoint", "https://someone:s3cret-pw@mirror.test")
    assert done.exit_code == 0, done.stderr
    assert "s3cret-pw" in home.config_file.read_text(encoding="utf-8")
    assert home.config_file.stat().st_mode & 0o777 == 0o600
    for args in (("config", "show", "--no-pager"), ("config", "show", "--json"),
                 ("config", "get", "hub.endpoint"), ("config", "set", "hub.endpoint",
                                                    "https://someone:s3cret-pw@mirror.test:0")):
        result = papers(*args)
        assert "s3cret-pw" not in result.stdout + result.stderr, args
    assert papers("config", "get", "hub.endpoint").stdout == "https://mirror.test\n"


def test_a_hand_written_password_makes_the_next_rewrite_private(
        papers, home: Home, open_umask: None) -> None:
    """A password typed into a 0644 config.toml by hand: the next rewrite by papercli
    (here `watch add`) leaves the file, and its backup, to their owner alone."""
    write_config(home, '# my mirror\n[hub]\nendpoint = "https://me:hunter22@mirror.test"\n')
    os.chmod(home.config_file, 0o644)
    done = papers("watch", "add", "quant", "--keyword", "quantization")
    assert done.exit_code == 0, done.stderr
    assert home.config_file.stat().st_mode & 0o777 == 0o600
    backup = home.config_file.with_name("config.toml.bak")
    assert "hunter22" in backup.read_text(encoding="utf-8")
    assert backup.stat().st_mode & 0o777 == 0o600


def test_an_empty_category_list_is_named_not_left_blank(papers, home: Home) -> None:
    """Setting or unsetting sources.arxiv to no category said "set sources.arxiv =  in
    ..." and "its default  applies", naming nothing; `config get` still prints the value
    alone (an empty line), for scripts."""
    path = home.config_file
    done = papers("config", "set", "sources.arxiv", "")
    assert done.exit_code == 0, done.stderr
    path = tilde(path)  # (the whole, under the test's folder, would pass 80 columns)
    assert one_line(done.stderr) == f"papers: set sources.arxiv = (no categories) in {path}"
    shown = papers("config", "show", "--no-pager").stdout
    assert any(line.split("#")[0].strip() == "sources.arxiv = (no categories)"
               for line in shown.splitlines())
    assert papers("config", "get", "sources.arxiv").stdout == "\n"
    removed = papers("config", "unset", "sources.arxiv")
    assert one_line(removed.stderr) == (
        "papers: removed sources.arxiv; its default (no categories) applies")
    again = papers("config", "unset", "sources.arxiv")
    assert one_line(again.stderr) == (
        "papers: sources.arxiv was not set in config.toml; its default is (no categories)")
    assert papers("config", "set", "sources.arxiv", "cs.cl").stderr.startswith(
        "papers: set sources.arxiv = cs.CL in ")


@pytest.mark.parametrize("written", ['["ID", "title", "upvotes"]', '"id, title,upvotes"'])
def test_columns_are_a_list_in_the_file_and_in_json(library, home: Home, written: str) -> None:
    """display.columns is a list of column names, but it was a text: `config show --json`
    said "id,title,upvotes" where sources.arxiv says a list, and `columns = ["id",
    "title"]` in config.toml, the way TOML writes a list, stopped every command ("must be
    text, got list"). Both spellings are read now, and JSON says a list."""
    write_config(home, f"[display]\ncolumns = {written}\n")
    show = library("config", "show", "--json")
    assert show.exit_code == 0, show.stderr
    setting = json.loads(show.stdout)["settings"]["display.columns"]
    assert setting["value"] == ["id", "title", "upvotes"]
    assert setting["default"] == ["upvotes", "date", "id", "authors", "title", "families",
                                  "tags"]
    got = library("config", "get", "display.columns", "--json")
    assert (got.exit_code, json.loads(got.stdout)) == (0, ["id", "title", "upvotes"])
    assert library("config", "get", "display.columns").stdout == "id,title,upvotes\n"
    table = library("search", "llava", "--offline", "-n", "1")
    assert table.exit_code == 0, table.stderr
    header = next(line for line in table.stdout.splitlines() if "Title" in line)
    assert header.split()[:3] == ["#", "ID", "Title"] and "Authors" not in header


def test_config_get_json_gives_a_value_its_own_type(papers, home: Home) -> None:
    """`config get` prints a value as `config set` takes it; --json, as JSON of its type
    (it was "no such option"), the same as `config show --json` says it."""
    write_config(home, '[network]\ntimeout = 5\n[sources]\narxiv = "cs.CL,cs.CV"\n')
    for key, value in (("network.timeout", 5.0), ("network.offline", False),
                       ("sources.arxiv", ["cs.CL", "cs.CV"]), ("display.sort", "trending")):
        got = papers("config", "get", key, "--json")
        assert got.exit_code == 0, got.stderr
        assert json.loads(got.stdout) == value
        assert json.loads(papers("config", "show", "--json").stdout)["settings"][key][
            "value"] == value


@pytest.mark.parametrize("written,said", [
    ("5", "display.columns must be a list of column names, got a whole number 5"),
    ('["id", 5]', "display.columns must be a list of column names, got a list ['id', 5]")])
def test_columns_of_another_type_are_one_line(papers, home: Home, written: str,
                                              said: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(home, f"[display]\ncolumns = {written}\n")
    got = papers("config", "get", "display.columns")
    assert (got.exit_code, got.stdout) == (1, "")
    # (in 80 columns, what is wrong alone: no way with the file's name fits)
    assert one_line(got.stderr) == (
        "papers: error: display.columns must be a list of column names")
    monkeypatch.setenv("PAPERS_DEBUG", "1")  # all of it
    assert f"line 2: {said}" in one_line(papers("config", "get", "display.columns").stderr)


def test_columns_are_stored_as_canonical_names(papers, home: Home) -> None:
    """`config set display.columns " Title , ID,title,"` was stored and shown with its
    spaces, capitals and repeat, while a number is stored stripped: the column names
    the value means are stored, as `config get` and `config show` then say (and a URL
    without the spaces around it)."""
    done = papers("config", "set", "display.columns", " Title , ID,title,")
    assert done.exit_code == 0, done.stderr
    assert tomllib.loads(home.config_file.read_text(encoding="utf-8")) == {
        "display": {"columns": ["title", "id"]}}  # (a list, as sources.arxiv is stored)
    assert one_line(done.stderr) == (
        f"papers: set display.columns = title,id in {tilde(home.config_file)}")
    assert papers("config", "get", "display.columns").stdout == "title,id\n"
    write_config(home, '[display]\ncolumns = " ID , title "\n')  # by hand: shown canonical
    assert papers("config", "get", "display.columns").stdout == "id,title\n"
    assert papers("config", "set", "hub.endpoint", " http://mirror.test/ ").exit_code == 0
    assert tomllib.loads(home.config_file.read_text(encoding="utf-8"))["hub"] == {
        "endpoint": "http://mirror.test/"}  # a URL without the spaces around it


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_for_config_is_refused_not_waited_on(home: Home) -> None:
    """config.toml as a named pipe blocked every command, and every Tab, until something
    wrote to it: a command now says so in one line (exit 1), and a Tab offers nothing."""
    home.config_file.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(home.config_file)
    got = run_process("config", "get", "display.sort")
    assert got.returncode == 1 and got.stdout == ""
    assert one_line(got.stderr) == (
        "papers: error: config.toml is a named pipe, not a file — move it aside")
    tab = run_process(env_extra={"_PAPERS_COMPLETE": "complete_bash",
                                 "COMP_WORDS": "papers watch rm ", "COMP_CWORD": "3"})
    assert tab.returncode == 0 and tab.stdout.strip() == "" and tab.stderr == ""


@pytest.mark.parametrize("value, debug", [("0", False), ("false", False), (" Off ", False),
                                          ("no", False), (" ", False), ("1", True),
                                          ("yes", True)])
def test_papers_debug_0_is_off_as_papers_offline_0_is(monkeypatch, value: str,
                                                      debug: bool) -> None:
    """PAPERS_DEBUG=0 (or false, or blanks) showed the traceback of a surprise, as any
    value did; now those are off, as PAPERS_OFFLINE=0 is, and the error is one line."""
    import typer

    from papercli.cli._common import command

    app = typer.Typer()

    @command(app, "boom", example="boom")
    def boom() -> None:
        raise RuntimeError("kaboom")

    @command(app, "other", example="other")
    def other() -> None:
        """Second command so Typer keeps subcommands."""

    monkeypatch.setenv("PAPERS_DEBUG", value)
    if debug:
        with pytest.raises(RuntimeError, match="kaboom"):
            run_app(app, "boom")
        return
    result = run_app(app, "boom")
    assert result.exit_code == 1
    assert one_line(result.stderr) == ("papers: error: unexpected RuntimeError: kaboom — set "
                                       "PAPERS_DEBUG=1 to see the traceback, and please "
                                       "report it")


@pytest.mark.parametrize(("args", "key", "value"), [
    (("display.limit=5",), "display.limit", "5"),  # npm's and pip's way
    (("display.limit", "=", "5"), "display.limit", "5"),  # the file's own line
    (("sources.arxiv", "cs.CL", "cs.LG"), "sources.arxiv", "cs.CL,cs.LG"),  # as arxiv takes them
    (("display.columns", "id", "title"), "display.columns", "id,title"),
])
def test_set_takes_a_value_the_ways_other_tools_are_typed(
        papers, home: Home, args: tuple[str, ...], key: str, value: str) -> None:
    """`config set display.limit=5` was "missing argument 'VALUE'", `display.limit = 5`
    and `sources.arxiv cs.CL cs.LG` "got unexpected extra argument(s)"."""
    result = papers("config", "set", *args)
    assert result.exit_code == 0, result.stderr
    assert papers("config", "get", key).stdout == f"{value}\n"


def test_set_with_several_values_for_one_says_so(papers, home: Home) -> None:
    result = papers("config", "set", "display.limit", "5", "6")
    assert result.exit_code == 2
    assert one_line(result.stderr) == ("papers: error: display.limit takes one value, got 2 — "
                                       "e.g. 0")  # (the whole command made it 92 columns)
    longer = papers("config", "set", "network.max_retry_after", "5", "s")
    assert one_line(longer.stderr) == (
        "papers: error: network.max_retry_after takes one value, got 2 — e.g. 60.0")
    missing = papers("config", "set", "display.limit")
    assert missing.exit_code == 2
    assert one_line(missing.stderr) == (
        "papers: error: missing argument 'VALUE' — see 'papers config set --help'")
    assert not home.config_file.exists()


@pytest.mark.parametrize(("text", "said"), [
    ('[display]\nsort = "upvotes\n', "line 2: no closing quote — papers config edit"),
    ('[display]\nsort = "upvotes', "at its end: no closing quote — papers config edit"),
    ("[display]\nsort = upvotes\n", "line 2: text needs quotes — papers config edit"),
    ("[display]\nlimit = 1\nlimit = 2\n", "line 3: a key set twice — papers config edit"),
    ("[display]\n[display]\n", "line 2: [display] twice — papers config edit"),
    ('[watch."my x"]\n[watch."my x"]\n', 'line 2: [watch."my x"] twice — papers config edit'),
    ("a 1\n", "line 1: a key with no = — papers config edit"),
])
def test_a_hand_written_toml_slip_is_said_plainly(papers, home: Home, text: str,
                                                  said: str) -> None:
    """What hand-written TOML gets wrong most is said in plain words, within 80 columns:
    a closing quote missing was tomllib's "Illegal character '\\n'", a word without
    quotes "Invalid value", and a file cut off in a string was said with its whole path."""
    write_config(home, text)
    result = papers("today", "--offline")
    assert (result.exit_code, result.stdout) == (1, "")
    line = one_line(result.stderr)
    assert line == f"papers: error: config.toml, {said}" and len(line) <= 80, line


@pytest.mark.parametrize(("text", "said"), [
    ('[display]\ncolumns = "id,titel"\n',
     "config.toml, line 2: unknown column 'titel' — did you mean title?"),
    ('[sources]\narxiv = "cs.CLL"\n',
     "sources.arxiv: no arXiv category 'cs.CLL' — did you mean cs.CL?"),
    ('[sources]\narxiv = ["cs.CL", "cs.NOPE"]\n',
     "sources.arxiv: no arXiv category 'cs.NOPE' — did you mean cs.NE?"),
    ("[sources]\narxiv = 3\n", "sources.arxiv must be a list of arXiv categories, got 3"),
])
def test_a_typo_in_the_file_is_said_with_the_close_name_in_80_columns(
        papers, home: Home, text: str, said: str) -> None:
    """A column's typo said "papers config edit" where a sort's says "did you mean
    upvotes?"; a category's typo was 139 columns, and a number for the categories 145:
    no shorter way fitted, so the whole path was said."""
    write_config(home, text)
    result = papers("today", "--offline")
    assert result.exit_code == 1
    assert one_line(result.stderr) == f"papers: error: {said}"


def test_config_set_of_a_categorys_typo_fits_80_columns(papers, home: Home) -> None:
    """Three close names made it 84 columns; `watch add --category` already said two."""
    result = papers("config", "set", "sources.arxiv", "cs.CLL")
    assert result.exit_code == 2
    assert one_line(result.stderr) == (
        "papers: error: unknown arXiv category 'cs.CLL' — did you mean cs.CL?")
    assert not home.config_file.exists()


def test_a_rewrite_that_drops_comments_says_where_the_old_file_is_in_80_columns(
        papers, home: Home) -> None:
    """Both paths whole made the warning 194 columns under /tmp, for `config set`,
    `unset` and `watch add`, `rename`, `rm` alike (three copies of it)."""
    for args in (("config", "set", "display.limit", "4"), ("watch", "add", "x", "-k", "llm"),
                 ("watch", "rename", "x", "y"), ("watch", "rm", "y"),
                 ("config", "unset", "display.limit")):
        write_config(home, "# mine\n[display]\nlimit = 3\n" + (
            '[watch.x]\nkeyword = ["llm"]\n' if args[1] == "rename" else
            '[watch.y]\nkeyword = ["llm"]\n' if args[1] == "rm" else ""))
        result = papers(*args)
        assert result.exit_code == 0, (args, result.stderr)
        warned = [line for line in result.stderr.splitlines() if "warning" in line]
        assert warned == ["papers: warning: comments not kept; the previous config.toml is "
                          "config.toml.bak"], (args, result.stderr)


def test_a_variable_overriding_what_config_set_wrote_is_said_in_80_columns(
        papers, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the value it sets, a mirror's address made the warning 90 columns."""
    monkeypatch.setenv("HF_ENDPOINT", "https://hf-mirror.example.com")
    result = papers("config", "set", "hub.endpoint", "https://x.org")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "papers: warning: HF_ENDPOINT overrides hub.endpoint while it is set")
    monkeypatch.setenv("PAPERS_TIMEOUT", "3")
    result = papers("config", "set", "network.timeout", "4")
    assert result.stderr.splitlines()[0] == (
        "papers: warning: PAPERS_TIMEOUT (3.0) overrides network.timeout while it is set")


@pytest.mark.parametrize(("key", "value", "said"), [
    ("cache.today_ttl", "1e99", "cache.today_ttl must be at most 316,224,000, got '1e99'"),
    ("network.retries", "-1e5", "network.retries must be at least 0, got '-1e5'"),
    ("display.limit", "9" * 100,
     "display.limit must be at most 1,000,000,000, got '9999999999999…'"),
])
def test_a_number_past_a_bound_in_another_spelling_names_the_bound(
        papers, home: Home, monkeypatch: pytest.MonkeyPatch, key: str, value: str,
        said: str) -> None:
    """`--limit 1e99` says "up to 1,000,000,000"; the settings said "must be a whole
    number, got '1e99'", naming no bound (and 102 columns for a 100-digit limit)."""
    result = papers("config", "set", key, value)
    assert result.exit_code == 2 and not home.config_file.exists()
    assert one_line(result.stderr) == f"papers: error: {said}"
    if key == "cache.today_ttl":  # (its variable alike)
        monkeypatch.setenv("PAPERS_TODAY_TTL", value)
        env = papers("today", "--offline")
        assert env.exit_code == 1
        assert one_line(env.stderr) == (
            "papers: error: PAPERS_TODAY_TTL must be at most 316,224,000, got '1e99'")
