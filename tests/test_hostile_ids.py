"""Paper ids (and dates) are ASCII: a look-alike written in any other Unicode digit class
(fullwidth `２４０１.０１０５５`, Arabic-Indic, Devanagari, mathematical bold...) is never
a paper. From the Hub or an import it is a bad item, skipped and counted; on the command
line it is a usage error naming it. Every class Unicode has is tried, through the commands
as a user runs them."""

from __future__ import annotations

import copy
import functools
import json
import sqlite3
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TODAY, Home, one_line
from hubserver import HubServer, seed_items
from papercli.models import SkippedItem, is_valid_id, normalize_id, parse_item

PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

GOOD = "2401.01055"  # the first seed paper
OTHER = "2404.14047"  # the third


@functools.cache
def digit_classes() -> tuple[str, ...]:
    """The zero of every run of ten non-ASCII decimal digits (category Nd) Unicode has."""
    zeros = []
    for code in range(0x80, sys.maxunicode + 1):
        char = chr(code)
        if unicodedata.category(char) == "Nd" and unicodedata.digit(char) == 0:
            assert all(unicodedata.digit(chr(code + k)) == k for k in range(10))
            zeros.append(char)
    return tuple(zeros)


@functools.cache
def other_digits() -> tuple[str, ...]:
    """Every non-ASCII character `\\d` matches: each a digit a look-alike could use."""
    return tuple(chr(z + k) for z in map(ord, digit_classes()) for k in range(10))


def look_alike(paper_id: str, zero: str, positions: set[int] | None = None) -> str:
    """`paper_id` with its digits (at `positions`, or all) written from the class of `zero`."""
    return "".join(chr(ord(zero) + int(c)) if c.isdigit() and (positions is None or i in positions)
                   else c for i, c in enumerate(paper_id))


def variants(paper_id: str) -> list[str]:
    """For every digit class: the whole id in it, and only its last digit."""
    out = []
    for zero in digit_classes():
        out += [look_alike(paper_id, zero), look_alike(paper_id, zero, {len(paper_id) - 1})]
    return out


def item_with_id(item: dict[str, Any], paper_id: str) -> dict[str, Any]:
    out = copy.deepcopy(item)
    out["paper"]["id"] = paper_id
    return out


def library_ids(home: Home) -> list[str]:
    with sqlite3.connect(home.library) as conn:
        return sorted(r[0] for r in conn.execute("SELECT id FROM papers"))


def test_every_digit_class_is_known() -> None:
    # Unicode 15 has 66 runs of non-ASCII decimal digits: fullwidth, Arabic-Indic, the
    # mathematical alphanumerics... a few more with each version, never fewer.
    zeros = digit_classes()
    assert len(zeros) >= 60
    assert {"\uff10", "\u0660", "\u06f0", "\u0966", "\U0001d7ce"} <= set(zeros)


# -- the parser ----------------------------------------------------------------------------


@PROPERTY
@given(zero=st.sampled_from(digit_classes()),
       positions=st.sets(st.sampled_from([0, 1, 2, 3, 5, 6, 7, 8, 9]), min_size=1),
       version=st.booleans())
def test_a_look_alike_is_never_an_id(zero: str, positions: set[int], version: bool) -> None:
    text = look_alike(GOOD, zero, positions)
    assert not is_valid_id(text)
    for given_as in (text, f"arxiv:{text}", f"https://arxiv.org/abs/{text}v2",
                     f"https://huggingface.co/papers/{text}"):
        with pytest.raises(ValueError):
            normalize_id(given_as)
    with pytest.raises(SkippedItem, match="ASCII"):
        parse_item({"paper": {"id": text, "title": "A look-alike"}})


@PROPERTY
@given(digit=st.sampled_from(other_digits()))
def test_a_look_alike_version_or_old_style_id_is_refused(digit: str) -> None:
    with pytest.raises(ValueError):
        normalize_id(f"{GOOD}v{digit}")  # `\d` took it for a version and dropped it
    with pytest.raises(ValueError):
        normalize_id(f"hep-th/990100{digit}")
    assert normalize_id(f"{GOOD}v2") == GOOD and normalize_id("hep-th/9901001")


def test_a_trailing_newline_is_not_part_of_an_id() -> None:
    assert not is_valid_id(GOOD + "\n")
    with pytest.raises(SkippedItem):
        parse_item({"paper": {"id": "2401.0105\n5", "title": "x"}})


def test_counts_take_ascii_digits_only() -> None:
    paper = parse_item({"paper": {"id": GOOD, "title": "x", "upvotes": "\u0663",
                                  "githubStars": "\uff17"}})
    assert paper.upvotes == 0 and paper.github_stars is None
    paper = parse_item({"paper": {"id": GOOD, "title": "x", "upvotes": "3", "githubStars": "7"}})
    assert paper.upvotes == 3 and paper.github_stars == 7
    # A superscript two is `isdigit()` but not int(): one bad field, not a lost item.
    assert parse_item({"paper": {"id": GOOD, "title": "x", "upvotes": "\u00b2"}}).upvotes == 0


# -- import ------------------------------------------------------------------------------------


def test_import_skips_and_counts_every_look_alike(papers, home: Home, tmp_path: Path) -> None:
    seeds = seed_items()
    bad = variants(OTHER)
    items = [seeds[0], *(item_with_id(seeds[2], v) for v in bad)]
    src = tmp_path / "hostile.json"
    src.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    result = papers("import", str(src), "--json")
    assert result.exit_code == 0, result.stderr
    counts = json.loads(result.stdout)
    assert counts["read"] == len(items)
    assert counts["added"] == 1 and counts["skipped"] == len(bad)
    warning = one_line(result.stderr)
    assert f"skipped {len(bad)} unusable items" in warning and len(warning) <= 80
    assert "ASCII" in counts["skipped_reasons"][0]  # (why, whole)
    assert library_ids(home) == [GOOD]


@PROPERTY
@given(zero=st.sampled_from(digit_classes()),
       positions=st.sets(st.integers(0, 9).filter(lambda i: i != 4), min_size=1))
def test_import_of_any_look_alike_adds_nothing(papers, home: Home, tmp_path: Path, zero: str,
                                               positions: set[int]) -> None:
    src = tmp_path / "one.json"
    src.write_text(json.dumps([item_with_id(seed_items()[2], look_alike(OTHER, zero, positions))]),
                   encoding="utf-8")  # \u-escaped: the JSON way of spelling them
    result = papers("import", str(src), "--json")
    assert result.exit_code == 1, result.stderr  # its one item skipped: no papers in it
    assert "1 item skipped, first: bad id" in result.stderr
    assert not home.library.exists() or OTHER not in library_ids(home)
    assert all(pid.isascii() for pid in (library_ids(home) if home.library.exists() else []))


# -- a Hub listing -------------------------------------------------------------------------------


def test_a_hub_listing_of_look_alikes_keeps_the_real_paper_only(hub: HubServer, papers,
                                                                 home: Home) -> None:
    seeds = seed_items()
    bad = variants(OTHER)
    hub.set_day(TODAY, [seeds[0], *(item_with_id(seeds[2], v) for v in bad)])
    result = papers("today", "--json")
    assert result.exit_code == 0, result.stderr
    assert [p["id"] for p in json.loads(result.stdout)] == [GOOD]
    assert f"skipped {len(bad)} malformed items in the Hub's answer" in one_line(result.stderr)
    assert library_ids(home) == [GOOD]


def test_a_hub_paper_page_under_a_look_alike_id_is_unusable(hub: HubServer, papers,
                                                            home: Home) -> None:
    # /api/papers/2404.14047 answering with the fullwidth spelling of the same id.
    fullwidth = look_alike(OTHER, "\uff10")
    hub.state.papers[OTHER] = {**seed_items()[2]["paper"], "id": fullwidth}
    result = papers("show", OTHER)
    assert result.exit_code == 1
    assert "unusable record" in one_line(result.stderr) and "ASCII" in result.stderr
    assert not home.library.exists() or library_ids(home) == []


# -- arguments -----------------------------------------------------------------------------------

ID_COMMANDS = ("show", "star", "unstar", "read", "open", "hide", "unhide", "related")


def test_every_look_alike_argument_is_a_usage_error_naming_it(library, home: Home) -> None:
    # Every class, each through one of the commands in turn (all of them, many times over).
    before = library_ids(home)
    for n, zero in enumerate(digit_classes()):
        text = look_alike(GOOD, zero)
        command = ID_COMMANDS[n % len(ID_COMMANDS)]
        result = library(command, text)
        assert result.exit_code == 2, (command, text, result.stderr)
        line = one_line(result.stderr)
        assert text in line and ("not an arXiv id" in line or "not a paper id" in line), line
    assert library_ids(home) == before


@PROPERTY
@given(zero=st.sampled_from(digit_classes()),
       positions=st.sets(st.integers(0, 9).filter(lambda i: i != 4), min_size=1),
       command=st.sampled_from(ID_COMMANDS),
       form=st.sampled_from(["{}", "arxiv:{}", "https://arxiv.org/abs/{}v1",
                             "https://huggingface.co/papers/{}", "{}v2"]))
def test_any_mixed_look_alike_argument_is_a_usage_error(papers, home: Home, zero: str,
                                                        positions: set[int], command: str,
                                                        form: str) -> None:
    text = form.format(look_alike(GOOD, zero, positions))
    result = papers(command, text)
    assert result.exit_code == 2, (command, text, result.stderr)
    assert text in one_line(result.stderr)


# -- dates -------------------------------------------------------------------------------------


DATES = [(command, value, positions)
         for command, value in (("day", "2024-01-05"), ("week", "2024-W05"),
                                ("month", "2024-03"), ("day", "20240105"))
         for positions in (None, {len(value) - 1})]


def test_dates_weeks_and_months_take_ascii_digits_only(papers, home: Home) -> None:
    # Every class, each in one of the forms in turn (whole value, last digit only).
    for n, zero in enumerate(digit_classes()):
        command, value, positions = DATES[n % len(DATES)]
        text = look_alike(value, zero, positions)
        result = papers(command, text, "--offline")
        assert result.exit_code == 2, (command, text, result.stderr)
        line = one_line(result.stderr)
        assert "invalid" in line and text in line, line
    assert not home.library.exists() or library_ids(home) == []


@pytest.mark.parametrize("value", ["0;\u00b2", "0;\uff11\uff15", "0;\u0667", "0;15", "0;7"])
def test_the_terminal_colour_hint_takes_ascii_digits_only(monkeypatch: pytest.MonkeyPatch,
                                                          value: str) -> None:
    from papercli.tui.app import light_terminal

    monkeypatch.setenv("COLORFGBG", value)  # a superscript two crashed `papers browse`
    assert light_terminal() is value.isascii()


@pytest.mark.parametrize("form", ["https://arxiv.org/abs/{}v1", "https://huggingface.co/papers/{}"])
@pytest.mark.parametrize("zero", ["\u0660", "\uff10"])  # Arabic-Indic; fullwidth (2 cells)
def test_a_look_alike_in_a_link_is_never_cut_off(papers, home: Home, form: str,
                                                 zero: str) -> None:
    """A link too long for its line beside "e.g. 2401.01055" had its quote cut from the
    end ("'https://huggingface.co/pap…'"), the look-alike digit with it: what was typed is
    said whole, without the example where that fits."""
    text = form.format(look_alike(GOOD, zero))
    line = one_line(papers("show", text).stderr)
    assert f"'{text}' is not a paper id" in line, line
