"""A mark made again: a paper hidden or read while the Hub was out of reach (marked
unchecked, with a warning) and marked again once it answers is already so, a no-op as
`papers hide` of any hidden paper is: not looked up again, not a failure."""

from __future__ import annotations

import pytest

from conftest import Home, Papers
from hubserver import HubServer

X = "2608.19001"  # on neither the Hub nor arXiv as these tests serve them
A = "2501.03895"  # on the Hub (seeded_hub), not in the library


@pytest.mark.parametrize(("command", "warned", "said"), [
    (("hide",), "hidden anyway", "hid 0 papers ({} already hidden)"),
    (("read",), "marked anyway", "marked 0 papers read ({} already read)")])
def test_a_paper_marked_while_the_hub_was_down_is_marked_again_once_it_answers(
        papers: Papers, home: Home, seeded_hub: HubServer, monkeypatch: pytest.MonkeyPatch,
        command: tuple[str, ...], warned: str, said: str) -> None:
    """`papers hide X` with the Hub out of reach hid X with a warning; once the Hub was
    back, `papers hide X` asked it, was told 404 (arXiv out of reach too) and failed,
    exit 1, "2608.19001 is not on the Hub; arXiv did not answer", though X was hidden."""
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    first = papers(*command, X)
    assert first.exit_code == 0, first.stderr
    assert warned in first.stderr
    monkeypatch.setenv("HF_ENDPOINT", seeded_hub.url)
    seeded_hub.reset_log()

    again = papers(*command, X)
    assert again.exit_code == 0, again.stderr
    assert again.stderr == f"papers: {said.format(X)}\n"
    assert not seeded_hub.requests  # (a no-op: nothing to look up)
    # With another paper: that one is looked up (and fetched) and marked.
    both = papers(*command, X, A)
    assert both.exit_code == 0, both.stderr
    assert both.stderr == f"papers: {said.format(X).replace('0 papers', '1 paper')}\n"
    assert {r.path for r in seeded_hub.requests} == {f"/api/papers/{A}"}
