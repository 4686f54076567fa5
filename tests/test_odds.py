"""Small ends: `sync --since/--until/--date` complete the words a date takes, `--author @`
completes the authors' Hub accounts, an empty FORCE_COLOR leaves `show`'s panel its
colour on a terminal, `watch list` breaks a long criterion between words, and `papers
help` reads -h and --help anywhere and refuses any other option."""

from __future__ import annotations

import pytest

from conftest import Home
from test_complete_odd import values
from test_completion import SHELLS


@pytest.mark.parametrize("shell", SHELLS)
def test_sync_date_options_offer_the_words_they_take(home: Home, shell: str) -> None:
    """`sync --since la<Tab>` offered nothing (files, in bash), where every listing's
    --since offers the words; --date offers the two words `papers day` takes."""
    assert values(shell, "papers sync --since la") == ["last week", "last month",
                                                       "last year"]
    assert values(shell, "papers sync --until Y") == ["yesterday"]
    assert values(shell, "papers sync --since 3") == ["3d", "3w", "3mo", "3y"]
    assert values(shell, "papers sync --date ") == ["today", "yesterday"]
