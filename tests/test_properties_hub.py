"""Property tests of what the Hub sends us: any JSON-like item list parses into papers
and counted skips (never another exception), and every string that comes out is free of
control characters; `hub.loads` turns any bytes into a value or one of its documented
errors."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papercli.models import Paper, parse_item, parse_items
from papercli.sources.transport import INT_LIMIT, loads

# What a hostile server could put in a string: controls, escapes, bidi marks, surrogates
# are impossible in JSON text but lone ones can come from \ud800 escapes.
NASTY = st.sampled_from([
    "\x1b[31m", "\x1b]52;c;aGk=\x07", "\r", "\n", "\t", "\x00", "\x7f", "\x9b", "\u202e",
    "\u200e", "\u061c", "\ud800", "[bold]", "<script>", "javascript:alert(1)", " ",
])
TEXT = st.lists(st.one_of(st.text(max_size=12), NASTY), max_size=6).map("".join)
ID = st.one_of(st.sampled_from(["2401.01055", "2611.00001", "2401.01055v2", " 2401.01055 ",
                                "hep-th/9901001", "../../etc", ""]), TEXT)
NUMBER = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 2**63, 10**400 // 10**300]),
)
STAMP = st.one_of(st.sampled_from([
    "2026-11-20T08:00:00.000Z", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00",
    "2026-02-30", "yesterday", "",
]), TEXT, NUMBER)
SCALAR = st.one_of(st.none(), st.booleans(), NUMBER, TEXT)
JSONISH = st.recursive(SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)), max_leaves=12)
PERSON = st.one_of(JSONISH, st.fixed_dictionaries({"name": st.one_of(TEXT, JSONISH)}))
PAPER = st.fixed_dictionaries({}, optional={
    "id": st.one_of(ID, JSONISH), "title": st.one_of(TEXT, JSONISH),
    "summary": st.one_of(TEXT, JSONISH), "authors": st.one_of(st.lists(PERSON, max_size=4),
                                                              JSONISH),
    "publishedAt": STAMP, "submittedOnDailyAt": STAMP, "upvotes": st.one_of(NUMBER, JSONISH),
    "numComments": NUMBER, "githubRepo": st.one_of(TEXT, JSONISH),
    "projectPage": st.one_of(TEXT, JSONISH), "ai_summary": st.one_of(TEXT, JSONISH),
    "ai_keywords": st.one_of(st.lists(TEXT, max_size=4), JSONISH),
    "githubStars": NUMBER, "withdrawnAt": STAMP,
    "organization": st.one_of(JSONISH, st.fixed_dictionaries({"name": TEXT,
                                                              "fullname": TEXT})),
    "submittedBy": st.one_of(JSONISH, st.fixed_dictionaries({"name": TEXT})),
})
ITEM = st.one_of(
    JSONISH,
    PAPER,
    st.fixed_dictionaries({"paper": PAPER}, optional={
        "title": TEXT, "publishedAt": STAMP, "numComments": NUMBER, "thumbnail": TEXT,
        "submittedBy": JSONISH, "organization": JSONISH, "summary": TEXT}),
)

LINE_BAD = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"
                      "\ud800-\udfff]")
BLOCK_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e"
                       "\u2066-\u2069\ud800-\udfff]")
BLOCKS = {"summary", "ai_summary"}


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple | list):
        return [s for v in value for s in strings(v)]
    return []


def assert_clean(paper: Paper) -> None:
    for name, value in paper._asdict().items():
        bad = BLOCK_BAD if name in BLOCKS else LINE_BAD
        for text in strings(value):
            assert bad.search(text) is None, (name, text)
        if isinstance(value, int) and not isinstance(value, bool):
            assert -INT_LIMIT <= value <= INT_LIMIT, (name, value)
    assert paper.id and paper.title
    for url in (paper.github_repo, paper.project_page, paper.thumbnail):
        assert url is None or url.startswith(("https://", "http://")), url


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ITEM, max_size=8))
def test_any_item_list_parses_into_papers_and_counted_skips(items: list[Any]) -> None:
    parsed = parse_items(items)
    assert parsed.skipped + len(parsed.papers) <= len(items)
    # Every item is either a paper (perhaps a duplicate of one) or a counted skip.
    ids = [p.id for p in parsed.papers]
    assert len(ids) == len(set(ids))
    good = len(items) - parsed.skipped
    assert len(parsed.papers) <= good
    for paper in parsed.papers:
        assert_clean(paper)
        json.dumps(paper.to_dict())  # every record can be written out


@settings(max_examples=150, deadline=None)
@given(ITEM)
def test_one_item_is_a_paper_or_a_skip(item: Any) -> None:
    parsed = parse_items([item])
    assert len(parsed.papers) + parsed.skipped == 1
    if parsed.papers:
        assert parsed.papers[0] == parse_item(item)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_loads_returns_a_value_or_a_documented_error(body: bytes) -> None:
    try:
        value = loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return
    json.dumps(value, allow_nan=False)  # a plain value: no NaN, no infinity, no big ints


@settings(max_examples=100, deadline=None)
@given(JSONISH, st.integers(min_value=21, max_value=6000), st.booleans())
def test_loads_clamps_any_number_and_accepts_a_bom(value: Any, digits: int, bom: bool) -> None:
    text = json.dumps([value, "__BIG__"], allow_nan=True).replace('"__BIG__"', "7" * digits)
    data = loads(("\ufeff" if bom else "") + text)
    assert data[1] == INT_LIMIT

    def numbers(v: Any) -> list[float]:
        if isinstance(v, bool):
            return []
        if isinstance(v, int | float):
            return [v]
        if isinstance(v, list):
            return [n for x in v for n in numbers(x)]
        if isinstance(v, dict):
            return [n for x in v.values() for n in numbers(x)]
        return []

    for number in numbers(data):
        assert not math.isnan(number) and abs(number) <= INT_LIMIT
