"""Help texts as a new user reads them: the same option said the same way wherever it is."""

from __future__ import annotations

from conftest import Home


def _help(papers, *args: str) -> str:
    result = papers(*args, "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    return " ".join(result.stdout.split())


def test_watch_add_says_what_each_criterion_takes_as_the_listings_do(papers,
                                                                      home: Home) -> None:
    """`watch add --author` left out the Hub account (@name) a listing's --author says it
    takes, `--org` its "any case", and `--has-code` alone of the criteria read "Only
    papers …" (a listing's filter) among "A model family", "At least N upvotes"."""
    listing, watch = _help(papers, "today"), _help(papers, "watch", "add")
    for said in ("an author's Hub account (@name)", "Hub name or display name, any case"):
        assert said in listing and said in watch, said
    assert "Only papers" not in watch
