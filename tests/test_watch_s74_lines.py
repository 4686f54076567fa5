"""A hand-written `[watch.NAME]` table's mistakes said in 80 columns, with what to do."""

from __future__ import annotations

import pytest

from conftest import Home, Papers, one_line, write_config
from papercli.terminal import cell_width

LONG = "a-rather-long-watch-name-for-robotics-papers"


def _error_line(papers: Papers, *args: str) -> str:
    """The one error line `papers ARGS` says (exit 1, nothing on stdout), checked to fit
    80 columns."""
    result = papers(*args)
    assert (result.exit_code, result.stdout) == (1, ""), result.stderr
    line = one_line(result.stderr)
    assert cell_width(line) <= 80, line
    return line


@pytest.mark.parametrize(("text", "line"), [
    ('[watch.robots]\norg = []\n', "line 1: watch needs a filter — add one, e.g. keyword"),
    ('[watch.x]\nexclude = ["survey"]\n',
     "line 1: watch needs a filter — add one, e.g. keyword"),
    (f'[watch.llava]\nfamily = ["LLaVA"]\n\n[watch.{LONG}]\nexclude = ["survey"]\n'
     '\n\n\n\n\n\n[watch.z]\nkeyword = ["z"]\n',
     "line 4: watch needs a filter — add one, e.g. keyword"),
    ('\n' * 9 + f'[watch.{LONG}]\nexclude = ["survey"]\n',
     "line 10: watch needs a filter — e.g. add a keyword"),
])
def test_a_watch_without_a_filter_says_to_add_one(papers: Papers, home: Home, text: str,
                                                  line: str) -> None:
    """A watch of an exclude alone (or an empty list) would match every paper: its line
    was 285 columns for a watch named robots (the path and the shorter way did not fit
    80 columns), every key a watch takes and no line break. Now the line names the file
    and line and says to add a filter."""
    write_config(home, text)
    for args in (("watch", "list"), ("new", "--peek", "--offline")):
        assert _error_line(papers, *args) == f"papers: error: config.toml, {line}"


@pytest.mark.parametrize(("value", "said"), [
    ('"x"', "min_upvotes = 'x' — use a whole number"),
    ("2.5", "min_upvotes = 2.5 — use a whole number"),
    ("-3", "min_upvotes = -3 — use 0 or more"),
    # (a whole number, too big: it was said not to be one)
    ("99999999999999", "min_upvotes must be at most 1,000,000,000"),
])
def test_a_watch_count_written_wrong_says_what_to_write(papers: Papers, home: Home,
                                                        value: str, said: str) -> None:
    """`min_upvotes = "x"` was "config.toml, line 3: min_upvotes must be a whole number,
    got 'x'" (79 columns, no way out), and a number too big was "must be a whole number"
    too. The value is said as the file has it, with what to use instead, as
    `--min-upvotes x` says it ("use a whole number, 0 or more"); PAPERS_DEBUG says it
    whole, bounds and all."""
    write_config(home, f'[watch.robots]\ncategory = ["cs.RO"]\nmin_upvotes = {value}\n')
    assert _error_line(papers, "watch", "list") == f"papers: error: config.toml, line 3: {said}"
    debug = papers("watch", "list", env={"PAPERS_DEBUG": "1"})
    assert "watch.robots.min_upvotes must be a whole number from 0 to 1,000,000,000, got " \
           f"{value.replace(chr(34), chr(39))} — fix it in the file" in one_line(debug.stderr)


@pytest.mark.parametrize(("line", "said"), [
    ('category = "cs.RO"', "category = 'cs.RO' — use a list: [\"cs.RO\"]"),
    # (a list, of what is not text: it was said to be no list)
    ("category = [1, 2]", "category = [1, 2] — use a list of strings"),
    ('has_code = "yes"', "has_code = 'yes' — use true or false"),
])
def test_a_watch_value_of_the_wrong_type_says_what_to_write(papers: Papers, home: Home,
                                                            line: str, said: str) -> None:
    write_config(home, f'[watch.{LONG}]\norg = ["nvidia"]\n{line}\n')
    assert _error_line(papers, "watch", "list") == f"papers: error: config.toml, line 3: {said}"


@pytest.mark.parametrize(("category", "said"), [
    ("cs.NOPE", "no category 'cs.NOPE' — did you mean cs.NE?"),
    ("zzzzz", "no category 'zzzzz' — name one, e.g. cs.CL"),
    ("a-very-long-nonsense-category-name", "no category 'a-very…' — name one, e.g. cs.CL"),
])
@pytest.mark.parametrize("name", ["robots", LONG])
def test_an_unknown_category_in_a_watch_says_what_to_write(
        papers: Papers, home: Home, name: str, category: str, said: str) -> None:
    """`category = ["cs.XX"]` was "config.toml, line 2: unknown arXiv category 'cs.XX'":
    with the close name it did not fit 80 columns, so none was offered, nor where to
    look. Now the close name (or an example) is said, whatever the watch's name."""
    write_config(home, f'[watch.{name}]\norg = ["nvidia"]\ncategory = ["{category}"]\n')
    for args in (("watch", "list"), ("new", "--peek", "--offline"), ("config", "show")):
        line = _error_line(papers, *args)
        assert line == f"papers: error: config.toml, line 3: {said}", args


@pytest.mark.parametrize(("written", "said"), [
    ("2401.12345", "2401.12345 is a paper id — name a category"),
    ("arXiv:2401.12345v2", "2401.12345 is a paper id — name a category"),
    ("hep-th/9901001", "paper id hep-th/9901001 — name a category"),
])
def test_a_paper_id_as_a_long_named_watch_s_category_fits_80_columns(
        papers: Papers, home: Home, written: str, said: str) -> None:
    """A paper's id as the category of a watch with a long name was a 167-column line
    (every shorter way named the key's whole path, the watch's name in it): the file's
    name and line say where it is instead."""
    write_config(home, f'[watch.{LONG}]\ncategory = ["{written}"]\n')
    for args in (("watch", "list"), ("new", "--peek", "--offline")):
        assert _error_line(papers, *args) == f"papers: error: config.toml, line 2: {said}"


@pytest.mark.parametrize(("key", "said"), [
    ("since", "since is not a watch key — remove it"),
    ("starred", "starred is not a watch key — remove it"),
    ("whatever_this_is", "no watch key 'whatever_this_is' — remove it"),
    ("a_key_longer_than_the_line_has_room_for",
     "no watch key 'a_key_longer_tha…' — remove it"),
])
def test_a_key_no_watch_takes_says_to_remove_it(papers: Papers, home: Home, key: str,
                                                said: str) -> None:
    """A listing's filter a watch does not keep (`since`, `starred`) or any other key
    with no watch key close to it was "config.toml, line 3: since is not a watch key":
    what to do was left to PAPERS_DEBUG's list of keys."""
    write_config(home, f'[watch.robots]\norg = ["nvidia"]\n{key} = "7d"\n')
    assert _error_line(papers, "watch", "list") == f"papers: error: config.toml, line 3: {said}"
