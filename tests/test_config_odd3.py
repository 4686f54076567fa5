"""`papers config` as a `git config` user types it: keys in any case."""

from __future__ import annotations

import tomllib

from conftest import Home, one_line, write_config
from papercli.terminal import cell_width


def test_a_key_in_another_case_is_the_setting_it_names(papers, home: Home) -> None:
    """`git config Core.Editor` is core.editor; "unknown setting 'Display.Sort' — did
    you mean display.sort?" refused a key papercli had found."""
    result = papers("config", "set", "Display.Sort", "upvotes")
    assert result.exit_code == 0, result.stderr
    assert one_line(result.stderr).startswith("papers: set display.sort = upvotes in ")
    assert tomllib.loads(home.config_file.read_text(encoding="utf-8")) == {
        "display": {"sort": "upvotes"}}
    assert papers("config", "set", "NETWORK.TIMEOUT=5").exit_code == 0
    got = papers("config", "get", "DISPLAY.SORT")
    assert (got.exit_code, got.stdout, got.stderr) == (0, "upvotes\n", "")
    section = papers("config", "get", "Network", "--json")
    assert section.exit_code == 0 and '"network.timeout": 5.0' in section.stdout
    unset = papers("config", "unset", "Display.SORT")
    assert unset.exit_code == 0
    assert one_line(unset.stderr).startswith("papers: removed display.sort from ")
    assert tomllib.loads(home.config_file.read_text(encoding="utf-8")) == {
        "network": {"timeout": 5.0}}


def test_a_key_in_another_case_in_the_file_is_still_pointed_out(papers, home: Home) -> None:
    """TOML's keys keep their case: the file's `Sort` is not read as `sort` (a command
    saying nothing of it would hide why the setting does not apply)."""
    write_config(home, "[display]\nSort = \"new\"\n")
    result = papers("config", "get", "display.sort")
    assert result.exit_code == 0 and result.stdout == "trending\n"
    assert "'Sort' ignored: did you mean sort?" in one_line(result.stderr)


def test_show_keeps_every_line_in_80_columns_beside_a_long_list(
        papers, home: Home, monkeypatch) -> None:
    """The sources were aligned after the widest value whose own line had room, and
    `# env HF_ENDPOINT` (longer than `# default`) then ran past 80 columns."""
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.setenv("COLUMNS", "80")
    write_config(home, '[sources]\narxiv = ["cs.CL", "cs.LG", "cs.AI", "cs.CV", "cs.RO", '
                       '"stat.ML", "cs.IR", "cs.NE", "cs.MA"]\n')
    result = papers("config", "show")
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if not line.startswith("# ")]
    assert max(cell_width(line) for line in lines) <= 80, result.stdout
    endpoint = next(line for line in lines if line.startswith("hub.endpoint = "))
    timeout = next(line for line in lines if line.startswith("network.timeout = "))
    assert endpoint.endswith("# env HF_ENDPOINT") and timeout.endswith("# default")
    assert endpoint.index("#") == timeout.index("#")  # one column still
    arxiv = next(line for line in lines if line.startswith("sources.arxiv = "))
    assert arxiv.endswith("cs.MA  # file")  # the long one: its source right after it


def test_set_given_a_section_says_it_is_one_and_where_its_keys_are(
        papers, home: Home) -> None:
    """`config set display new` said "unknown setting 'display'", of the name `config
    get display` lists the section by."""
    for typed in (["display", "new"], ["Network=5"]):
        result = papers("config", "set", *typed)
        assert result.exit_code == 2
        section = typed[0].partition("=")[0].lower()
        line = one_line(result.stderr)
        assert line == (f"papers: error: {section} is a section — "
                        f"papers config get {section} lists its keys")
        assert cell_width(line) <= 80
    assert not home.config_file.exists()


def test_an_endpoint_with_a_control_character_is_refused_as_a_space_is(
        papers, home: Home) -> None:
    """`https://a.b/\\x1b[31mred` was saved, and said as "https://a.b/red" by `set`,
    `get` and `show`: what was said was not what was saved (a tab was refused)."""
    for typed in ("https://a.b/\x1b[31mred", "https://a\x1b.b/", "https://a.b/\x07"):
        result = papers("config", "set", "hub.endpoint", typed)
        assert result.exit_code == 2
        assert one_line(result.stderr).startswith(
            "papers: error: hub.endpoint must be an http(s) URL, got 'https://a")
        assert "\x1b" not in result.stderr and "\\x" in result.stderr
    assert not home.config_file.exists()
    fine = papers("config", "set", "hub.endpoint", "https://例え.jp/")
    assert fine.exit_code == 0
    assert tomllib.loads(home.config_file.read_text(encoding="utf-8")) == {
        "hub": {"endpoint": "https://例え.jp/"}}


def test_set_takes_back_what_get_json_prints(papers, home: Home) -> None:
    """`config set KEY "$(papers config get KEY --json)"` was refused for a list
    ("unknown column '["title"'") and a text ("display.sort '"new"'")."""
    write_config(home, '[display]\ncolumns = ["title", "id"]\nsort = "new"\n'
                       '[sources]\narxiv = ["cs.CL", "cs.LG"]\n')
    before = home.config_file.read_text(encoding="utf-8")
    for key in ("display.columns", "display.sort", "sources.arxiv"):
        printed = papers("config", "get", key, "--json")
        assert printed.exit_code == 0
        result = papers("config", "set", key, printed.stdout)
        assert result.exit_code == 0, result.stderr
    assert tomllib.loads(home.config_file.read_text(encoding="utf-8")) == tomllib.loads(before)
    assert papers("config", "set", "sources.arxiv", "[]").exit_code == 0
    assert papers("config", "get", "sources.arxiv", "--json").stdout == "[]\n"
    wrong = papers("config", "set", "display.columns", '["bogus"]')
    assert wrong.exit_code == 2 and "unknown column 'bogus'" in one_line(wrong.stderr)


def test_show_says_a_file_where_the_config_folder_would_be(
        papers, home: Home, monkeypatch, tmp_path) -> None:
    """XDG_CONFIG_HOME set to a file: `show` said "not created yet", where `config set`
    says it cannot create it."""
    taken = tmp_path / "not-a-folder"
    taken.write_text("x\\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(taken / "deeper"))
    result = papers("config", "show")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == f"# {taken} is a file, not a folder:"
    assert "not created yet" not in result.stdout
    refused = papers("config", "set", "display.limit", "1")
    assert refused.exit_code == 1 and "not a folder" in one_line(refused.stderr)
