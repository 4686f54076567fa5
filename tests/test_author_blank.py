"""`--author @` (an account's "@" with no name) holds no name: it matched every paper
with a Hub account (3,677 of the real archive's 9,877) as though it were a filter."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("argv", [
    ["search", "--offline", "--author", "@"],
    ["search", "--offline", "-a", "@*"],
    ["today", "--offline", "--author", " @ "],
    ["watch", "add", "someone", "--author", "@"],
])
def test_an_at_sign_alone_is_no_author(papers, argv: list[str]) -> None:
    result = papers(*argv)
    assert result.exit_code == 2, result.stdout
    assert "holds no NAME — give one, or leave --author out" in result.stderr, result.stderr


def test_an_at_sign_alone_as_a_qualifier(papers) -> None:
    result = papers("search", "--offline", "author:@")
    assert result.exit_code == 2
    assert "'author:@' holds no NAME" in result.stderr, result.stderr


def test_an_account_is_still_an_author(papers) -> None:
    result = papers("search", "--offline", "--author", "@someone")
    assert result.exit_code == 0, result.stderr
