"""Rows into papers, cheaply: every listed row of library.db passes `records.paper`, so a
sound row's JSON arrays are read by json's decoder (raw_decode) without json.loads's wrapping, and a
word column (categories, sources) already found sound is not checked word by word again.
The checks stay whole: text json.loads would refuse, or read differently, is still
decided by json.loads, and a damaged word column is noted however often it is met."""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

import pytest

from conftest import Home, one_line

LISTING = ("search", "--offline", "-n", "0", "--json")


def listed(result: Any) -> dict[str, dict[str, Any]]:
    assert result.exit_code == 0, result.stderr
    return {p["id"]: p for p in json.loads(result.stdout)}


def set_column(home: Home, column: str, values: dict[str, object]) -> None:
    with sqlite3.connect(home.library) as conn:
        for pid, value in values.items():
            conn.execute(f"UPDATE papers SET {column} = ? WHERE id = ?", (value, pid))


def stored_ids(home: Home) -> list[str]:
    with sqlite3.connect(home.library) as conn:
        return [r[0] for r in conn.execute("SELECT id FROM papers ORDER BY id")]


def test_a_sound_rows_json_is_not_given_to_json_loads(library, home: Home,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    before = listed(library(*LISTING))
    with sqlite3.connect(home.library) as conn:
        stored = {r[0] for r in conn.execute("SELECT authors FROM papers")}
    given: list[str] = []
    loads = json.loads

    def counted(text: Any, *args: Any, **kwargs: Any) -> Any:
        if text in stored:
            given.append(text)
        return loads(text, *args, **kwargs)

    monkeypatch.setattr(json, "loads", counted)
    after = listed(library(*LISTING))
    assert given == []
    assert after == before
    assert all(p["authors"] for p in after.values())


@pytest.mark.parametrize(("stored", "authors", "damaged"), [
    (' ["Ada Lovelace"]', ["Ada Lovelace"], False),  # whitespace json.loads allows
    ('["Ada Lovelace"] \n', ["Ada Lovelace"], False),
    ('["Ada Lovelace"]x', [], True),  # text after the array
    ('\ufeff["Ada Lovelace"]', [], True),  # a byte order mark json.loads refuses
    ('["Ada Lovelace", 7]', ["Ada Lovelace"], True),  # an item that is no string
    ('["Ada \\u004covelace"]', ["Ada Lovelace"], False),  # an escape json reads
    ('["Ada', [], True),  # cut short
    ("[" * 100_000, [], True),  # too deep for json
])
def test_stored_authors_read_as_json_loads_reads_them(
        library, home: Home, stored: str, authors: list[str], damaged: bool) -> None:
    pid = stored_ids(home)[0]
    set_column(home, "authors", {pid: stored})
    result = library(*LISTING)
    assert listed(result)[pid]["authors"] == authors
    if damaged:
        assert "showed 1 damaged record without its bad fields in library.db" in \
            one_line(result.stderr)
    else:
        assert result.stderr == ""


class CountedWords:
    """A word pattern that counts the words it is asked to match."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.asked = 0

    def fullmatch(self, text: str) -> re.Match[str] | None:
        self.asked += 1
        return self.pattern.fullmatch(text)


def test_a_sound_category_list_is_checked_once_for_all_its_rows(
        library, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    from papercli.db import records

    ids = stored_ids(home)
    set_column(home, "categories", dict.fromkeys(ids, "cs.CL cs.AI"))
    set_column(home, "primary_category", dict.fromkeys(ids))
    counted = CountedWords(records.CATEGORY)
    monkeypatch.setattr(records, "CATEGORY", counted)
    monkeypatch.setattr(records, "_seen_words", {}, raising=False)
    found = listed(library(*LISTING))
    assert {tuple(p["categories"]) for p in found.values()} == {("cs.CL", "cs.AI")}
    assert counted.asked == 2


def test_a_damaged_category_list_is_noted_on_every_row_it_is_met(
        library, home: Home) -> None:
    ids = stored_ids(home)
    set_column(home, "categories", {ids[0]: "cs.CL <b>", ids[1]: "cs.CL <b>",
                                    ids[2]: "cs.CL cs.LG", ids[3]: "cs.CL cs.LG"})
    for _ in range(2):  # (the second run meets what the first found sound, if anything)
        result = library(*LISTING)
        found = listed(result)
        assert [found[pid]["categories"] for pid in ids[:4]] == [
            ["cs.CL"], ["cs.CL"], ["cs.CL", "cs.LG"], ["cs.CL", "cs.LG"]]
        assert "showed 2 damaged records without their bad fields in library.db" in \
            one_line(result.stderr)
